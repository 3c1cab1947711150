import socket
import time
import unittest

import sikkerkey
import support
from sikkerkey import ApiError, SikkerKey, SikkerKeyError

BASE = 0.04


def client(bundle, **options):
    return SikkerKey(bundle.identity_path, **{"retry_base_delay": BASE, **options})


class Retries(unittest.TestCase):
    def test_503_twice_then_200_is_retried_after_1x_2x_the_base_each_attempt_freshly_signed(self):
        bundle, server = support.serve_bundle(
            self, lambda req, n: {"status": 503, "body": {"error": "sealed"}} if n <= 2 else support.ok())
        self.assertEqual(client(bundle).get_secret("sk_database_url"), "postgres://db")
        attempts = server.requests
        self.assertEqual(len(attempts), 3)
        self.assertEqual([r.problem for r in attempts], [None, None, None], "every attempt verified")
        self.assertEqual(len({r.headers["x-nonce"] for r in attempts}), 3, "a fresh nonce per attempt")
        self.assertGreaterEqual(attempts[1].at - attempts[0].at, BASE)
        self.assertGreaterEqual(attempts[2].at - attempts[1].at, 2 * BASE)

    def test_429_on_every_attempt_is_four_attempts_then_rate_limited_error(self):
        bundle, server = support.serve_bundle(
            self, lambda req, n: {"status": 429, "body": {"error": "too many failed attempts"}})
        with self.assertRaises(sikkerkey.RateLimitedError) as caught:
            client(bundle).get_secret("sk_a")
        self.assertEqual((str(caught.exception), caught.exception.http_status), ("too many failed attempts", 429))
        self.assertEqual(len(server.requests), 4)
        self.assertGreaterEqual(server.requests[3].at - server.requests[2].at, 4 * BASE)

    def test_a_dropped_connection_is_retried_like_a_503(self):
        bundle, server = support.serve_bundle(self, lambda req, n: {"drop": True} if n == 1 else support.ok("v"))
        self.assertEqual(client(bundle).get_secret("sk_a"), "v")
        self.assertEqual(len(server.requests), 2)

    def test_an_unreachable_server_is_api_error_with_status_0_after_the_retries(self):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        bundle = support.write_bundle(support.temp_dir(self), identity={"apiUrl": f"http://127.0.0.1:{port}"})
        started = time.monotonic()
        with self.assertRaises(ApiError) as caught:
            client(bundle).get_secret("sk_a")
        self.assertEqual(caught.exception.http_status, 0)
        self.assertRegex(str(caught.exception), rf"^Network error: cannot reach http://127.0.0.1:{port}: Connection refused")
        self.assertGreaterEqual(time.monotonic() - started, 7 * BASE, "all three waits were taken")

    def test_an_attempt_that_outlasts_the_timeout_is_abandoned_and_retried(self):
        bundle, server = support.serve_bundle(
            self, lambda req, n: {**support.ok("late"), "delay": 2.0} if n == 1 else support.ok("on time"))
        self.assertEqual(client(bundle, timeout=0.6).get_secret("sk_a"), "on time")
        self.assertEqual(len(server.requests), 2)

    def test_every_attempt_timing_out_ends_in_api_error_saying_so(self):
        bundle, _ = support.serve_bundle(self, lambda req, n: {**support.ok(), "delay": 0.3})
        with self.assertRaises(ApiError) as caught:
            client(bundle, retry_base_delay=0.001, timeout=0.05).get_secret("sk_a")
        self.assertEqual(caught.exception.http_status, 0)
        self.assertIn("no answer within 0.05 s", str(caught.exception))


class StatusMapping(unittest.TestCase):
    def test_each_status_maps_to_its_error_with_the_server_message_and_is_not_retried(self):
        mapping = {401: "AuthenticationError", 403: "AccessDeniedError", 404: "NotFoundError", 409: "ConflictError",
                   400: "ApiError", 410: "ApiError", 413: "ApiError", 500: "ApiError", 502: "ApiError"}
        for status, name in mapping.items():
            with self.subTest(status):
                bundle, server = support.serve_bundle(
                    self, lambda req, n, s=status: {"status": s, "body": {"error": f"message for {s}"}})
                with self.assertRaises(SikkerKeyError) as caught:
                    client(bundle).get_secret("sk_a")
                error = caught.exception
                self.assertIs(type(error), getattr(sikkerkey, name))
                self.assertIsInstance(error, ApiError)
                self.assertEqual((error.http_status, str(error)), (status, f"message for {status}"))
                self.assertEqual(len(server.requests), 1)

    def test_201_and_204_are_errors_and_their_body_is_never_quoted(self):
        for status in (201, 204):
            with self.subTest(status):
                body = "" if status == 204 else {"value": "hunter2"}
                bundle, server = support.serve_bundle(self, lambda req, n, s=status, b=body: {"status": s, "body": b})
                with self.assertRaises(ApiError) as caught:
                    client(bundle).get_secret("sk_a")
                self.assertIs(type(caught.exception), ApiError)
                self.assertEqual(caught.exception.http_status, status)
                self.assertNotIn("hunter2", str(caught.exception))
                self.assertEqual(len(server.requests), 1)

    def test_a_redirect_is_an_error_not_followed(self):
        bundle, server = support.serve_bundle(self, lambda req, n: {"status": 302, "body": {"value": "hunter2"}})
        with self.assertRaises(ApiError) as caught:
            client(bundle).get_secret("sk_a")
        self.assertEqual(caught.exception.http_status, 302)
        self.assertEqual(len(server.requests), 1)

    def test_an_error_body_that_is_not_the_error_shape_is_passed_on_as_text(self):
        bundle, _ = support.serve_bundle(self, lambda req, n: {"status": 502, "body": "<html>Bad Gateway</html>"})
        with self.assertRaises(ApiError) as caught:
            client(bundle).get_secret("sk_a")
        self.assertEqual((str(caught.exception), caught.exception.http_status), ("<html>Bad Gateway</html>", 502))

    def test_a_200_whose_body_is_not_json_does_not_quote_the_body(self):
        bundle, _ = support.serve_bundle(self, lambda req, n: {"status": 200, "body": "hunter2"})
        with self.assertRaises(ApiError) as caught:
            client(bundle).get_secret("sk_a")
        self.assertIn("not JSON", str(caught.exception))
        self.assertNotIn("hunter2", str(caught.exception))


if __name__ == "__main__":
    unittest.main()


class UntrustedCertificate(unittest.TestCase):
    def test_a_certificate_no_trusted_ca_signed_is_one_tls_error_naming_the_server_and_not_retried(self):
        import datetime
        import os
        import ssl
        import threading
        from unittest import mock
        from cryptography import x509
        from cryptography.hazmat.primitives import hashes, serialization
        from cryptography.hazmat.primitives.asymmetric import ec
        from cryptography.x509.oid import NameOID

        key = ec.generate_private_key(ec.SECP256R1())
        name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
        now = datetime.datetime.now(datetime.timezone.utc)
        certificate = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
                       .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(minutes=5))
                       .not_valid_after(now + datetime.timedelta(days=1))
                       .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost")]), critical=False)
                       .sign(key, hashes.SHA256()))
        folder = support.temp_dir(self)
        cert_file, key_file = os.path.join(folder, "server.pem"), os.path.join(folder, "server.key")
        with open(cert_file, "wb") as f:
            f.write(certificate.public_bytes(serialization.Encoding.PEM))
        with open(key_file, "wb") as f:
            f.write(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                      serialization.NoEncryption()))
        server_context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        server_context.load_cert_chain(cert_file, key_file)
        listener = socket.socket()
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        self.addCleanup(listener.close)
        handshakes = []

        def serve():
            while True:
                try:
                    connection, _ = listener.accept()
                except OSError:
                    return
                handshakes.append(1)
                try:
                    server_context.wrap_socket(connection, server_side=True).close()
                except (ssl.SSLError, OSError):
                    connection.close()

        threading.Thread(target=serve, daemon=True).start()
        port = listener.getsockname()[1]
        bundle = support.write_bundle(folder, identity={"apiUrl": f"https://localhost:{port}"})
        # The host's own CA settings name the system's CAs only, which never signed this certificate.
        with mock.patch.dict(os.environ, {"REQUESTS_CA_BUNDLE": ""}):
            with self.assertRaises(ApiError) as caught:
                client(bundle).get_secret("sk_a")
        self.assertRegex(str(caught.exception),
                         rf"^TLS error: cannot verify the certificate of SikkerKey at https://localhost:{port} \(.+\)\. "
                         r"If its certificate comes from a private CA, set REQUESTS_CA_BUNDLE")
        self.assertEqual(len(handshakes), 1, "not retried")
