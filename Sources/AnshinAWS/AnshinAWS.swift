/// # AnshinAWS
///
/// How anshin talks to AWS: Signature Version 4 request signing, the shared `config` and
/// `credentials` files, the credential chain and region resolution, and (in later increments)
/// the wire protocols and one small client per service.
///
/// Design choice: everything here is pure and testable without a socket. The signer works on
/// ``HTTPRequestParts``, a plain value with no networking types, and is checked against AWS's
/// published SigV4 test suite; the credential chain reads files and an environment that tests
/// pass in. Only one file will own the HTTP transport, so every other piece is verified without
/// a network. Secrets never reach a log: ``AWSCredentials`` redacts its secret in `description`.
public enum AnshinAWS {}
