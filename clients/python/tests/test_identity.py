import base64
import os
import subprocess
import sys
import unittest
from unittest import mock

import support
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from sikkerkey import ConfigurationError, SikkerKey

PACKAGE_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# The fixes the messages must name, besides the file.
BUNDLE_FIX = "point SIKKERKEY_IDENTITY at identity.json"
KEY_FIX = "Use the bundle's private.pem unchanged"


class IdentityLookup(unittest.TestCase):
    def setUp(self):
        env = mock.patch.dict(os.environ)
        env.start()
        self.addCleanup(env.stop)
        for name in ("SIKKERKEY_IDENTITY", "SIKKERKEY_HOME"):
            os.environ.pop(name, None)

    def assert_config_error(self, *fragments, args=()):
        with self.assertRaises(ConfigurationError) as caught:
            SikkerKey(*args)
        for fragment in fragments:
            self.assertIn(fragment, str(caught.exception))

    def vault_home(self, *vault_ids):
        home = support.temp_dir(self)
        bundles = []
        for vault_id in vault_ids:
            directory = os.path.join(home, "vaults", vault_id)
            os.makedirs(directory)
            bundles.append(support.write_bundle(directory, identity={"vaultId": vault_id}))
        os.environ["SIKKERKEY_HOME"] = home
        return bundles

    def test_sikkerkey_identity_finds_the_bundle(self):
        bundle = support.write_bundle(support.temp_dir(self))
        os.environ["SIKKERKEY_IDENTITY"] = bundle.identity_path
        sk = SikkerKey()
        self.assertEqual(sk.machine_id, bundle.machine.machine_id)
        self.assertEqual(sk.machine_name, "docker-calm-otter-3fa1")
        self.assertEqual(sk.vault_id, "vault_test")
        self.assertEqual(sk.api_url, "https://sikkerkey.example.com")

    def test_an_explicit_path_wins_over_sikkerkey_identity(self):
        wanted = support.write_bundle(support.temp_dir(self))
        os.environ["SIKKERKEY_IDENTITY"] = support.write_bundle(support.temp_dir(self)).identity_path
        self.assertEqual(SikkerKey(wanted.identity_path).machine_id, wanted.machine.machine_id)

    def test_a_vault_id_is_looked_up_under_sikkerkey_home_with_or_without_prefix(self):
        _, second = self.vault_home("vault_one", "vault_two")
        self.assertEqual(SikkerKey("vault_two").machine_id, second.machine.machine_id)
        self.assertEqual(SikkerKey("two").machine_id, second.machine.machine_id)
        self.assertEqual(SikkerKey.list_vaults(), ["vault_one", "vault_two"])
        self.assert_config_error("vault_three", os.path.join("vaults", "vault_three", "identity.json"),
                                 args=("vault_three",))

    def test_the_single_vault_under_sikkerkey_home_is_used(self):
        only, = self.vault_home("vault_only")
        self.assertEqual(SikkerKey().machine_id, only.machine.machine_id)

    def test_several_vaults_and_no_choice_names_them(self):
        self.vault_home("vault_a", "vault_b")
        self.assert_config_error("vault_a, vault_b", "Pass the vault id")

    def test_no_identity_anywhere_says_how_to_point_at_the_bundle(self):
        os.environ["SIKKERKEY_HOME"] = support.temp_dir(self)
        self.assert_config_error("No SikkerKey identity found", "SIKKERKEY_IDENTITY=/etc/sikkerkey/identity.json")

    def test_a_missing_identity_file_is_named(self):
        missing = os.path.join(support.temp_dir(self), "nowhere", "identity.json")
        os.environ["SIKKERKEY_IDENTITY"] = missing
        self.assert_config_error(missing, "does not exist", BUNDLE_FIX)

    def test_an_identity_path_that_is_a_directory_is_named(self):
        directory = support.temp_dir(self)
        self.assert_config_error(directory, "is a directory", BUNDLE_FIX, args=(directory + "/",))

    def test_an_unreadable_identity_file_or_private_key_is_named(self):
        directory = support.temp_dir(self)
        os.chmod(directory, 0o755)
        bundle = support.write_bundle(directory)
        os.chmod(bundle.identity_path, 0o000)
        self.assertRegex(load_unprivileged(bundle.identity_path),
                         rf"^ConfigurationError: Identity file {bundle.identity_path} is not readable")
        os.chmod(bundle.identity_path, 0o644)
        os.chmod(bundle.key_path, 0o000)
        self.assertRegex(load_unprivileged(bundle.identity_path),
                         rf"^ConfigurationError: Private key {bundle.key_path} is not readable")
        os.chmod(bundle.key_path, 0o644)
        self.assertEqual(load_unprivileged(bundle.identity_path).strip(), "loaded")

    def test_malformed_json_is_named(self):
        bundle = support.write_bundle(support.temp_dir(self))
        with open(bundle.identity_path, "w") as f:
            f.write('{"machineId": "x",')
        self.assert_config_error(bundle.identity_path, "not valid JSON", BUNDLE_FIX, args=(bundle.identity_path,))

    def test_identity_that_is_not_an_object_or_lacks_machine_id_or_api_url_is_rejected(self):
        directory = support.temp_dir(self)
        bundle = support.write_bundle(directory)
        with open(bundle.identity_path, "w") as f:
            f.write("[]")
        self.assert_config_error("must hold a JSON object", args=(bundle.identity_path,))
        for key in ("machineId", "apiUrl"):
            support.write_bundle(directory, identity={key: None})
            self.assert_config_error(f'"{key}"', bundle.identity_path, args=(bundle.identity_path,))

    def test_a_private_key_path_that_does_not_exist_falls_back_to_private_pem_beside_identity(self):
        bundle = support.write_bundle(support.temp_dir(self),
                                      identity={"privateKeyPath": "/etc/sikkerkey/absent/private.pem"})
        self.assertEqual(SikkerKey(bundle.identity_path).machine_id, bundle.machine.machine_id)

    def test_no_private_key_path_at_all_also_falls_back(self):
        bundle = support.write_bundle(support.temp_dir(self), identity={"privateKeyPath": None})
        self.assertEqual(SikkerKey(bundle.identity_path).machine_id, bundle.machine.machine_id)

    def test_no_key_at_either_place_names_both_paths(self):
        directory = support.temp_dir(self)
        bundle = support.write_bundle(directory, identity={"privateKeyPath": "/etc/sikkerkey/absent.pem"},
                                      private_key_pem=None)
        self.assert_config_error("/etc/sikkerkey/absent.pem", os.path.join(directory, "private.pem"),
                                 "Put the bundle's private.pem beside identity.json", args=(bundle.identity_path,))

    def test_keys_that_are_not_unencrypted_pkcs8_ed25519_are_rejected_with_the_reason(self):
        pem, der, pkcs8 = serialization.Encoding.PEM, serialization.Encoding.DER, serialization.PrivateFormat.PKCS8
        none = serialization.NoEncryption()
        rsa_key = rsa.generate_private_key(public_exponent=65537, key_size=1024)
        ec_key = ec.generate_private_key(ec.SECP256R1())
        ed_key = Ed25519PrivateKey.generate()
        cases = [
            (rsa_key.private_bytes(pem, serialization.PrivateFormat.TraditionalOpenSSL, none), "'RSA PRIVATE KEY'"),
            (ec_key.private_bytes(pem, serialization.PrivateFormat.TraditionalOpenSSL, none), "'EC PRIVATE KEY'"),
            (ed_key.private_bytes(pem, pkcs8, serialization.BestAvailableEncryption(b"pw")),
             "'ENCRYPTED PRIVATE KEY'"),
            (ed_key.private_bytes(pem, serialization.PrivateFormat.OpenSSH, none), "'OPENSSH PRIVATE KEY'"),
            (base64.b64encode(ed_key.private_bytes(der, pkcs8, none)), "no PEM block"),
            (b"-----BEGIN PRIVATE KEY-----\nnot base64\n-----END PRIVATE KEY-----\n", "cannot be parsed"),
            (rsa_key.private_bytes(pem, pkcs8, none), "is a rsa key, not Ed25519"),
        ]
        for key_pem, reason in cases:
            with self.subTest(reason):
                bundle = support.write_bundle(support.temp_dir(self), private_key_pem=key_pem)
                self.assert_config_error(bundle.key_path, reason, KEY_FIX, args=(bundle.identity_path,))

    def test_https_anywhere_and_http_only_for_localhost(self):
        directory = support.temp_dir(self)
        for api_url in ("https://sikkerkey.example.com", "https://10.0.0.5:8443/prefix", "http://localhost:8080",
                        "http://127.0.0.1:8080", "http://[::1]:8080"):
            with self.subTest(api_url):
                bundle = support.write_bundle(directory, identity={"apiUrl": api_url})
                self.assertEqual(SikkerKey(bundle.identity_path).api_url, api_url)
        for api_url in ("http://sikkerkey.example.com", "http://localhost.evil.example", "http://10.0.0.5:8080",
                        "ftp://localhost", "not a url"):
            with self.subTest(api_url):
                bundle = support.write_bundle(directory, identity={"apiUrl": api_url})
                fix = ((BUNDLE_FIX,) if api_url == "not a url"
                       else ("requires https://", "Set SIKKERKEY_PUBLIC_URL on the server"))
                self.assert_config_error(api_url, bundle.identity_path, *fix, args=(bundle.identity_path,))


def load_unprivileged(identity_path: str) -> str:
    """Loads the identity in a child process; as root, as user nobody, since root reads any file."""
    script = (f"import sys; sys.path.insert(0, {PACKAGE_ROOT!r}); from sikkerkey import SikkerKey\n"
              f"try:\n    SikkerKey({identity_path!r}); print('loaded')\n"
              "except Exception as e:\n    print(type(e).__name__ + ': ' + str(e))\n")
    as_nobody = {"user": 65534, "group": 65534, "extra_groups": []} if os.getuid() == 0 else {}
    return subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd="/",
                          **as_nobody).stdout


if __name__ == "__main__":
    unittest.main()
