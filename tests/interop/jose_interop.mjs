// panva/jose on the other side of ptix: used by tests/cli/interop.rs (copied next to the
// node_modules that hold `jose`, so that `import` resolves).
//
//   verify TOKEN_FILE KEY_FILE   verify ES256 with an SPKI PEM or a JWK; print the payload
//   keygen-mint PAYLOAD_FILE DIR generate a P-256 key pair with jose, write DIR/jose.jwk.json
//                                (public) and DIR/jose.key.pem (PKCS#8), sign the payload with
//                                kid = its RFC 7638 thumbprint; print the token
import { readFileSync, writeFileSync } from 'node:fs';
import * as jose from 'jose';

const [cmd, a, b] = process.argv.slice(2);
if (cmd === 'verify') {
  const token = readFileSync(a, 'utf8').trim();
  const text = readFileSync(b, 'utf8');
  const key = text.trim().startsWith('{')
    ? await jose.importJWK(JSON.parse(text), 'ES256')
    : await jose.importSPKI(text, 'ES256');
  const claims = jose.decodeJwt(token);
  // Judge the signature, not the clock: evaluate as of the ticket's own iat.
  const { payload } = await jose.jwtVerify(token, key, { algorithms: ['ES256'], currentDate: new Date((claims.iat + 1) * 1000) });
  console.log(JSON.stringify(payload));
} else if (cmd === 'keygen-mint') {
  const { publicKey, privateKey } = await jose.generateKeyPair('ES256', { extractable: true });
  const jwk = await jose.exportJWK(publicKey);
  const kid = await jose.calculateJwkThumbprint(jwk);
  writeFileSync(`${b}/jose.jwk.json`, JSON.stringify({ ...jwk, kid, alg: 'ES256', use: 'sig' }));
  writeFileSync(`${b}/jose.key.pem`, await jose.exportPKCS8(privateKey));
  const payload = JSON.parse(readFileSync(a, 'utf8'));
  const token = await new jose.SignJWT(payload).setProtectedHeader({ alg: 'ES256', kid }).sign(privateKey);
  console.log(token);
} else {
  console.error(`unknown command ${cmd}`);
  process.exit(2);
}
