import base64
import hashlib
import json
import unittest

import support  # noqa: F401  (puts the package on sys.path)
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import load_pem_private_key

from sikkerkey._signing import signature, signed_string



def _normalise(v):
    """Reads signing.json in this branch's field names, and also in those of the signing branch's
    file (publicKey, body — None when the bytes are not UTF-8 — and a numeric timestamp)."""
    return {**v, "publicKeyBase64": v.get("publicKeyBase64", v.get("publicKey")),
            "bodyUtf8": v.get("bodyUtf8", v.get("body")), "timestamp": str(v["timestamp"])}


with open(support.VECTORS, encoding="utf-8") as f:
    VECTORS = [_normalise(v) for v in json.load(f)["vectors"]]


class SigningVectors(unittest.TestCase):
    def test_the_shared_vectors_cover_the_cases_every_client_must_agree_on(self):
        routes = [f"{v['method'].upper()} {v['path']}" for v in VECTORS]
        for route in ("GET /v1/secret/", "POST /v1/secrets/list", "POST /v1/secrets/export", "POST /v1/secrets/poll"):
            self.assertTrue(any(r.startswith(route) for r in routes), route)

    def test_each_vector_body_hash_signed_string_and_signature(self):
        for v in VECTORS:
            with self.subTest(v["name"]):
                body = base64.b64decode(v["bodyBase64"])
                if v["bodyUtf8"] is not None:
                    self.assertEqual(body.decode("utf-8"), v["bodyUtf8"])
                self.assertEqual(hashlib.sha256(body).hexdigest(), v["bodySha256"])
                signed = signed_string(v["method"], v["path"], v["timestamp"], v["nonce"], body)
                self.assertEqual(signed, v["signedString"])
                key = load_pem_private_key(v["privateKeyPem"].encode(), password=None)
                self.assertEqual(signature(key, signed), v["signature"])
                public = Ed25519PublicKey.from_public_bytes(base64.b64decode(v["publicKeyBase64"]))
                public.verify(base64.b64decode(v["signature"]), signed.encode("utf-8"))

    def test_the_python_style_vector_bodies_are_exactly_what_json_dumps_sends(self):
        python_bodies = [v["bodyUtf8"] for v in VECTORS if v["path"] == "/v1/secrets/list" and ": " in (v["bodyUtf8"] or "")]
        self.assertTrue(python_bodies)
        for body in python_bodies:
            self.assertEqual(json.dumps(json.loads(body)), body)


if __name__ == "__main__":
    unittest.main()
