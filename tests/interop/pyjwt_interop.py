"""PyJWT (with `cryptography`) on the other side of ptix: used by tests/cli/interop.rs.

  verify TOKEN_FILE KEY_FILE          verify ES256 with a PEM or JWK public key; print the payload
  mint PRIVATE_PEM KID PAYLOAD_FILE   sign a payload (ES256, header {alg, kid}); print the token
  load PRIVATE_PEM [PASSPHRASE_FILE]  load a private key with `cryptography`; print its curve
"""
import json
import sys

import jwt
from cryptography.hazmat.primitives import serialization


def public_key(path):
    text = open(path, "rb").read()
    if text.lstrip().startswith(b"{"):
        return jwt.PyJWK(json.loads(text)).key
    return serialization.load_pem_public_key(text)


def main(argv):
    cmd = argv[1]
    if cmd == "verify":
        token = open(argv[2]).read().strip()
        payload = jwt.decode(
            token,
            public_key(argv[3]),
            algorithms=["ES256"],
            options={"verify_exp": False, "verify_iat": False, "verify_nbf": False, "verify_aud": False},
        )
        print(json.dumps(payload))
    elif cmd == "mint":
        key = serialization.load_pem_private_key(open(argv[2], "rb").read(), None)
        payload = json.load(open(argv[4]))
        print(jwt.encode(payload, key, algorithm="ES256", headers={"kid": argv[3], "typ": None}))
    elif cmd == "load":
        password = open(argv[3], "rb").read().rstrip(b"\r\n") if len(argv) > 3 else None
        key = serialization.load_pem_private_key(open(argv[2], "rb").read(), password)
        print(key.curve.name)
    else:
        raise SystemExit(f"unknown command {cmd}")


if __name__ == "__main__":
    main(sys.argv)
