import json
import threading
import time
import unittest

import support
from sikkerkey import (FieldNotFoundError, NotFoundError, SecretListItem, SecretStructureError, SikkerKey,
                       WatchEvent, WatchStatus)

STRIPE = json.dumps({"publishable-key": "pk_live", "secret_key": "sk_live"})
SECRETS = {
    "sk_database_url": {"name": "database url", "value": "postgres://app@db/app", "fieldNames": None,
                        "projectId": "proj_abc1234567"},
    "sk_stripe_keys": {"name": "stripe-keys", "value": STRIPE, "fieldNames": json.dumps(["publishable-key", "secret_key"]),
                       "projectId": "proj_abc1234567"},
}


def listed(ids):
    return [{"id": i, "name": SECRETS[i]["name"], "fieldNames": SECRETS[i]["fieldNames"],
             "projectId": SECRETS[i]["projectId"]} for i in ids]


def v1(req, n=0):
    """The /v1 routes with the two secrets above."""
    if req.method == "GET" and req.path.startswith("/v1/secret/"):
        sid = req.path[len("/v1/secret/"):]
        if sid in SECRETS:
            return {"body": {"value": SECRETS[sid]["value"]}}
        return {"status": 404, "body": {"error": f"secret {sid} not found"}}
    if (req.method, req.path) == ("GET", "/v1/secrets"):
        return {"body": {"secrets": listed(SECRETS)}}
    if (req.method, req.path) == ("POST", "/v1/secrets/list"):
        return {"body": {"secrets": listed(["sk_stripe_keys"])}}
    if (req.method, req.path) == ("POST", "/v1/secrets/export"):
        return {"body": {"secrets": [{"id": i, "name": s["name"], "value": s["value"], "fieldNames": s["fieldNames"]}
                                     for i, s in SECRETS.items()]}}
    return {"status": 404, "body": {"error": f"no route {req.method} {req.path}"}}


class Reads(unittest.TestCase):
    def client(self, respond=v1, api_path="", **options):
        bundle, server = support.serve_bundle(self, respond, api_path)
        sk = SikkerKey(bundle.identity_path, **{"retry_base_delay": 0.001, **options})
        self.addCleanup(sk.close)
        return sk, server.requests

    def test_get_secret_is_a_signed_get_with_no_body_at_the_host_root_of_api_url(self):
        sk, requests = self.client(api_path="/some/prefix")
        self.assertEqual(sk.get_secret("sk_database_url"), "postgres://app@db/app")
        req, = requests
        self.assertIsNone(req.problem)
        self.assertEqual((req.method, req.path, req.body), ("GET", "/v1/secret/sk_database_url", b""))
        self.assertNotIn("content-type", req.headers)
        self.assertRegex(req.headers["x-timestamp"], r"^\d+$")

    def test_get_fields_and_get_field_read_a_structured_secret(self):
        sk, _ = self.client()
        self.assertEqual(sk.get_fields("sk_stripe_keys"), {"publishable-key": "pk_live", "secret_key": "sk_live"})
        self.assertEqual(sk.get_field("sk_stripe_keys", "secret_key"), "sk_live")
        with self.assertRaises(FieldNotFoundError) as caught:
            sk.get_field("sk_stripe_keys", "host")
        self.assertIn("'host'", str(caught.exception))
        self.assertIn("publishable-key, secret_key", str(caught.exception))
        self.assertNotIn("sk_live", str(caught.exception))
        with self.assertRaises(SecretStructureError) as caught:
            sk.get_fields("sk_database_url")
        self.assertNotIn("postgres", str(caught.exception))
        with self.assertRaises(NotFoundError) as caught:
            sk.get_secret("sk_missing")
        self.assertEqual(str(caught.exception), "secret sk_missing not found")

    def test_list_secrets_is_a_get_and_by_project_posts_json_dumps_text_signed_over_the_bytes_sent(self):
        sk, requests = self.client()
        everything = sk.list_secrets()
        self.assertEqual([s.id for s in everything], ["sk_database_url", "sk_stripe_keys"])
        self.assertIsInstance(everything[0], SecretListItem)
        self.assertIsNone(everything[0].field_names)
        self.assertEqual(everything[1].field_names, '["publishable-key", "secret_key"]')
        self.assertEqual(everything[1].project_id, "proj_abc1234567")
        self.assertEqual([s.id for s in sk.list_secrets_by_project("proj_blåbær")], ["sk_stripe_keys"])
        listing, by_project = requests
        self.assertEqual((listing.method, listing.path, listing.body), ("GET", "/v1/secrets", b""))
        self.assertEqual(by_project.body, b'{"projectId": "proj_bl\\u00e5b\\u00e6r"}')
        self.assertEqual(by_project.headers["content-type"], "application/json")
        self.assertIsNone(by_project.problem)

    def test_export_sends_no_body_or_project_id_and_maps_to_env_var_names(self):
        sk, requests = self.client()
        expected = {"DATABASE_URL": "postgres://app@db/app", "STRIPE_KEYS_PUBLISHABLE_KEY": "pk_live",
                    "STRIPE_KEYS_SECRET_KEY": "sk_live"}
        self.assertEqual(sk.export(), expected)
        self.assertEqual(sk.export("proj_abc1234567"), expected)
        self.assertEqual(requests[0].headers["content-length"], "0")
        self.assertEqual(requests[0].body, b"")
        self.assertNotIn("content-type", requests[0].headers)
        self.assertEqual(requests[1].body, b'{"projectId": "proj_abc1234567"}')
        self.assertEqual([r.problem for r in requests], [None, None])

    def test_env_var_names_uppercase_runs_of_non_alphanumerics_become_one_underscore_trimmed(self):
        names = {"  db url!! ": "DB_URL", "stripe--keys": "STRIPE_KEYS", "api.key/v2": "API_KEY_V2",
                 "blåbær": "BL_B_R", "__x__": "X"}
        secrets = [{"id": f"sk_{i}", "name": n, "value": f"v{i}", "fieldNames": None} for i, n in enumerate(names)]
        sk, _ = self.client(lambda req, n: {"body": {"secrets": secrets}})
        self.assertEqual(sk.export(), {env: f"v{i}" for i, env in enumerate(names.values())})


class Watching(unittest.TestCase):
    def test_changed_brings_the_new_value_and_fields_and_access_denied_ends_the_watch(self):
        polls = []
        answers = [{}, {"sk_stripe_keys": {"status": "changed"}}, {"sk_database_url": {"status": "access_denied"}}]

        def respond(req, n):
            if req.path != "/v1/secrets/poll":
                return v1(req)
            polls.append(req.json["watch"])
            return {"body": {"changes": answers[len(polls) - 1] if len(polls) <= len(answers) else {}}}

        bundle, server = support.serve_bundle(self, respond)
        sk = SikkerKey(bundle.identity_path, poll_interval=0.02)
        self.addCleanup(sk.close)
        events, done = [], threading.Event()

        def record(event):
            events.append(event)
            if len(events) == 2:
                done.set()

        sk.watch("sk_database_url", record)
        sk.watch("sk_stripe_keys", record)
        self.assertTrue(done.wait(5), "two events within 5 s")
        self.assertEqual(events[0], WatchEvent("sk_stripe_keys", WatchStatus.CHANGED, value=STRIPE,
                                               fields={"publishable-key": "pk_live", "secret_key": "sk_live"}))
        self.assertEqual(events[1], WatchEvent("sk_database_url", WatchStatus.ACCESS_DENIED))
        deadline = time.monotonic() + 5
        while len(polls) < 4 and time.monotonic() < deadline:
            time.sleep(0.01)
        self.assertEqual(sorted(polls[1]), ["sk_database_url", "sk_stripe_keys"])
        self.assertEqual(polls[3], ["sk_stripe_keys"], "the denied secret is no longer polled")
        self.assertTrue(all(r.problem is None for r in server.requests))

    def test_a_callback_that_raises_does_not_stop_polling_and_close_stops_it(self):
        polls = []

        def respond(req, n):
            if req.path != "/v1/secrets/poll":
                return v1(req)
            polls.append(1)
            return {"body": {"changes": {"sk_database_url": {"status": "changed"}}}}

        bundle, _ = support.serve_bundle(self, respond)
        sk = SikkerKey(bundle.identity_path, poll_interval=0.015)
        calls, twice = [], threading.Event()

        def broken(event):
            calls.append(event)
            if len(calls) == 2:
                twice.set()
            raise RuntimeError("app bug")

        sk.watch("sk_database_url", broken)
        self.assertTrue(twice.wait(5))
        sk.close()
        after = len(polls)
        time.sleep(0.1)
        self.assertLessEqual(len(polls), after + 1, "no polling after close")

    def test_the_client_is_a_context_manager_that_closes(self):
        bundle, _ = support.serve_bundle(self, lambda req, n: {"body": {"changes": {}}})
        with SikkerKey(bundle.identity_path, poll_interval=0.01) as sk:
            sk.watch("sk_database_url", lambda event: None)
            watcher_threads = [t for t in threading.enumerate() if t.name == "sikkerkey-watch"]
            self.assertTrue(watcher_threads)
        for thread in watcher_threads:
            thread.join(2)
            self.assertFalse(thread.is_alive())


if __name__ == "__main__":
    unittest.main()
