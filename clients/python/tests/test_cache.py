"""The offline cache: the official CLI's .skc files open here, misses stay misses, and the client answers
from the cache only when SikkerKey cannot be reached."""

import json
import os
import unittest
import uuid
from unittest import mock

import support
from cryptography.hazmat.primitives.serialization import load_pem_private_key
from sikkerkey import ApiError, AuthenticationError, NotFoundError, SikkerKey
from sikkerkey._cache import SecretCache

with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "vectors", "cache.json"), encoding="utf-8") as _f:
    V = json.load(_f)
SEED = bytes.fromhex(V["seedHex"])


def cache_of(folder, vault_id=V["vaultId"], machine_id=V["machineId"], seed=SEED):
    return SecretCache(folder, vault_id, machine_id, seed, warn=lambda m: None)


def write_golden(folder):
    os.makedirs(folder, exist_ok=True)
    for e in V["entries"]:
        with open(os.path.join(folder, e["secretId"] + ".skc"), "w", encoding="utf-8") as f:
            f.write(e["file"])


class FormatTests(unittest.TestCase):
    def test_the_official_clis_files_open_to_their_secrets(self):
        folder = support.temp_dir(self)
        write_golden(folder)
        cache = cache_of(folder)
        for e in V["entries"]:
            hit = cache.load(e["secretId"])
            self.assertEqual((hit.name, hit.value, hit.field_names, hit.cached_at), (e["name"], e["value"], e["fieldNames"], e["cachedAt"]))
        self.assertEqual([s.secret_id for s in cache.load_all()], sorted(e["secretId"] for e in V["entries"]))

    def test_a_flipped_byte_a_moved_file_another_machines_key_id_or_vault_are_misses(self):
        folder = support.temp_dir(self)
        write_golden(folder)
        plain, structured = V["entries"]
        with open(os.path.join(folder, "sk_moved00001.skc"), "w", encoding="utf-8") as f:
            f.write(plain["file"])
        self.assertIsNone(cache_of(folder).load("sk_moved00001"))
        other = bytes([SEED[0] ^ 1]) + SEED[1:]
        for cache in (cache_of(folder, seed=other), cache_of(folder, machine_id=str(uuid.uuid4())), cache_of(folder, vault_id="vault_other")):
            self.assertIsNone(cache.load(plain["secretId"]))
            self.assertIsNone(cache.load(structured["secretId"]))
        at = plain["file"].index('"ct":"') + 10
        flipped = plain["file"][:at] + ("B" if plain["file"][at] == "A" else "A") + plain["file"][at + 1:]
        for text in (flipped, plain["file"].replace('"v":1', '"v":2'), "not json", ""):
            with open(os.path.join(folder, plain["secretId"] + ".skc"), "w", encoding="utf-8") as f:
                f.write(text)
            self.assertIsNone(cache_of(folder).load(plain["secretId"]))
        self.assertIsNone(cache_of(folder).load("../escape"))

    def test_what_it_writes_opens_again_laid_out_as_the_official_files(self):
        folder = os.path.join(support.temp_dir(self), "cache")
        cache = cache_of(folder)
        cache.store("sk_stripe0001", "stripe-keys", V["entries"][1]["value"], V["entries"][1]["fieldNames"])
        with open(os.path.join(folder, "sk_stripe0001.skc"), encoding="utf-8") as f:
            self.assertRegex(f.read(), r'^\{"v":1,"nonce":"[A-Za-z0-9+/]{16}","ct":"[A-Za-z0-9+/=]+","cachedAt":\d+\}$')
        self.assertEqual(os.stat(os.path.join(folder, "sk_stripe0001.skc")).st_mode & 0o777, 0o600)
        self.assertEqual(cache.load("sk_stripe0001").value, V["entries"][1]["value"])
        self.assertEqual(os.listdir(folder), ["sk_stripe0001.skc"])

    def test_a_folder_that_cannot_be_written_is_said_once(self):
        blocker = os.path.join(support.temp_dir(self), "file")
        open(blocker, "w").close()
        warnings = []
        cache = SecretCache(blocker, V["vaultId"], V["machineId"], SEED, warn=warnings.append)
        cache.store("sk_a", None, "1", None)
        cache.store("sk_b", None, "2", None)
        self.assertEqual(len(warnings), 1)
        self.assertIn("cannot write", warnings[0])


class FallbackTests(unittest.TestCase):
    def client(self, answers):
        calls = []

        def respond(req, n=0):
            calls.append(req)
            return answers[min(len(calls), len(answers)) - 1]
        bundle, _ = support.serve_bundle(self, respond)
        return SikkerKey(bundle.identity_path, retry_base_delay=0.001, cache=True, cache_dir=os.path.join(support.temp_dir(self), "c"))

    def test_502_503_504_are_covered_by_the_cache(self):
        for status in (502, 503, 504):
            sk = self.client([support.ok(), {"status": status, "body": {"error": "upstream down"}}])
            self.assertEqual(sk.get_secret("sk_a1b2c3d4e5"), "postgres://db")
            self.assertEqual(sk.get_secret("sk_a1b2c3d4e5"), "postgres://db")

    def test_sikkerkeys_own_401_and_404_are_never_covered(self):
        for status, error in ((401, AuthenticationError), (404, NotFoundError)):
            sk = self.client([support.ok(), {"status": status, "body": {"error": "refused"}}])
            sk.get_secret("sk_a1b2c3d4e5")
            with self.assertRaises(error):
                sk.get_secret("sk_a1b2c3d4e5")

    def test_a_server_that_is_gone_the_golden_files_answer_get_and_export(self):
        directory = support.temp_dir(self)
        machine = support.Machine(V["machineId"], load_pem_private_key(V["privateKeyPem"].encode(), None))
        bundle = support.write_bundle(directory, machine, {"apiUrl": "http://127.0.0.1:9", "vaultId": V["vaultId"]})
        folder = os.path.join(directory, "cache")
        write_golden(folder)
        sk = SikkerKey(bundle.identity_path, retry_base_delay=0.001, cache=True, cache_dir=folder)
        self.assertEqual(sk.get_secret("sk_dburl00001"), V["entries"][0]["value"])
        self.assertEqual(sk.export(), {"STRIPE_KEYS_PUBLISHABLE_KEY": "pk_test_1", "STRIPE_KEYS_SECRET_KEY": "sk_live_<x>&y"})
        with self.assertRaises(ApiError):
            sk.get_secret("sk_notcached1")

    def test_off_by_default_and_SIKKERKEY_CACHE_turns_it_on(self):
        home = support.temp_dir(self)
        bundle, _ = support.serve_bundle(self, lambda req, n=0: support.ok())
        with mock.patch.dict(os.environ, {"SIKKERKEY_HOME": home}):
            os.environ.pop("SIKKERKEY_CACHE", None)
            SikkerKey(bundle.identity_path).get_secret("sk_a1b2c3d4e5")
            self.assertEqual(os.listdir(home), [])
            os.environ["SIKKERKEY_CACHE"] = "1"
            SikkerKey(bundle.identity_path).get_secret("sk_a1b2c3d4e5")
            self.assertTrue(os.path.exists(os.path.join(home, "vaults", "vault_test", "cache", "sk_a1b2c3d4e5.skc")))


if __name__ == "__main__":
    unittest.main()
