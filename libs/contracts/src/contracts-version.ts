/**
 * The version of the event contracts as a whole, published as the AsyncAPI document's info.version. Bump the minor
 * version for an additive change (a new optional field, a new topic) and the major version for a breaking one, which
 * also gets a new payload class (DecisionV2) beside the old one while consumers move over.
 */
export const CONTRACTS_VERSION = '0.1.0';
