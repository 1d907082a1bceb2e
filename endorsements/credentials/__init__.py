"""Open Badges 3.0 credentials for granted endorsements, signed with a Data Integrity proof
(cryptosuite ``eddsa-rdfc-2022``), with the issuers' public profiles and Bitstring Status
Lists. See README.md in this folder for the shipped JSON-LD contexts."""
