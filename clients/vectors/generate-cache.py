#!/usr/bin/env python3
"""Makes cache.json: .skc files written by the official SikkerKey CLI (the oracle), with what they must decrypt to.

    python3 generate-cache.py [path/to/official/sikkerkey]    # default: npm pack @sikkerkey/cli-linux-x64@4.2.0

The official binary is run against a throwaway local HTTP server with the RFC 8032 TEST 1 key as the machine key:
`cache enable`, then `get` (a plain secret, cached without a name) and `export` (a structured secret, cached with
its name and fieldNames). Its files are copied verbatim; the expected plaintext is recomputed here with Python's
`cryptography` (HKDF-SHA256 and AES-256-GCM), not with any SikkerKey code, and must match.
"""
import base64, json, os, socket, subprocess, sys, tempfile, threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

PEM = "-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIJ1hsZ3v/VpguoRK9JLsLMREScVpezJpGXA7rAMcrn9g\n-----END PRIVATE KEY-----\n"
VAULT, MACHINE = "vault_golden0001", "6f0c2b1e-8d3a-4f5e-9a7b-1c2d3e4f5a6b"
PLAIN = ("sk_dburl00001", "postgres://app:pa ss/\"word\"@db:5432/app?ssl=<true>&x=ü")
STRUCTURED = {"id": "sk_stripe0001", "name": "stripe-keys",
              "value": json.dumps({"publishable-key": "pk_test_1", "secret_key": "sk_live_<x>&y"}),
              "fieldNames": json.dumps(["publishable-key", "secret_key"])}


class Answers(BaseHTTPRequestHandler):
    def _send(self, body):
        data = json.dumps(body).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        self._send({"value": PLAIN[1]})

    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self._send({"secrets": [STRUCTURED]})

    def log_message(self, *args):
        pass


def official_binary():
    if len(sys.argv) > 1:
        return sys.argv[1]
    folder = tempfile.mkdtemp()
    subprocess.run(["npm", "pack", "@sikkerkey/cli-linux-x64@4.2.0"], cwd=folder, check=True, capture_output=True)
    subprocess.run(["tar", "xzf", "sikkerkey-cli-linux-x64-4.2.0.tgz"], cwd=folder, check=True)
    return os.path.join(folder, "package", "sikkerkey")


def main():
    binary = official_binary()
    server = HTTPServer(("127.0.0.1", 0), Answers)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    home = tempfile.mkdtemp()
    vault = os.path.join(home, "vaults", VAULT)
    os.makedirs(vault)
    with open(os.path.join(vault, "private.pem"), "w") as f:
        f.write(PEM)
    with open(os.path.join(vault, "identity.json"), "w") as f:
        json.dump({"machineId": MACHINE, "machineName": "golden", "vaultId": VAULT,
                   "apiUrl": f"http://localhost:{server.server_port}", "privateKeyPath": os.path.join(vault, "private.pem")}, f)
    env = dict(os.environ, SIKKERKEY_HOME=home)
    version = subprocess.run([binary, "version"], env=env, check=True, capture_output=True, text=True).stdout.strip()
    for args in (["cache", "enable"], ["get", PLAIN[0]], ["export", "--format", "json"]):
        subprocess.run([binary, *args], env=env, check=True, capture_output=True)
    server.shutdown()

    seed = serialization.load_pem_private_key(PEM.encode(), None).private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption())
    key = HKDF(hashes.SHA256(), 32, VAULT.encode(), b"sikkerkey-cache-v1").derive(seed)
    entries = []
    for secret_id, name, value, field_names in ((PLAIN[0], None, PLAIN[1], None),
                                                (STRUCTURED["id"], STRUCTURED["name"], STRUCTURED["value"], STRUCTURED["fieldNames"])):
        text = open(os.path.join(vault, "cache", secret_id + ".skc"), encoding="utf-8").read()
        envelope = json.loads(text)
        aad = f"sikkerkey-cache-v1\0{VAULT}\0{MACHINE}\0{secret_id}\0{envelope['cachedAt']}"
        payload = AESGCM(key).decrypt(base64.b64decode(envelope["nonce"]), base64.b64decode(envelope["ct"]), aad.encode())
        opened = json.loads(payload)
        assert (opened.get("name"), opened["value"], opened.get("fieldNames")) == (name, value, field_names), opened
        entries.append({"secretId": secret_id, "file": text, "cachedAt": envelope["cachedAt"], "aad": aad,
                        "payload": payload.decode(), "name": name, "value": value, "fieldNames": field_names})
    vector = {
        "format": "SikkerKey offline cache (.skc) v1",
        "generatedBy": f"clients/vectors/generate-cache.py: files written by the official CLI ({version}); see README.md",
        "privateKeyPem": PEM, "seedHex": seed.hex(), "vaultId": VAULT, "machineId": MACHINE, "keyHex": key.hex(),
        "entries": entries,
    }
    with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "cache.json"), "w") as f:
        json.dump(vector, f, indent=2, ensure_ascii=False)
        f.write("\n")
    print(f"cache.json: {len(entries)} entries written by {version}")


if __name__ == "__main__":
    main()
