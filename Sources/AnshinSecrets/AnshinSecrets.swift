/// # AnshinSecrets
///
/// The engine of `anshin secrets scan`: finds credentials in raw bytes and says, for each one,
/// which rule, where, the secret's SHA-256 (one incident per secret value) and a redacted line.
///
/// Design choice: two stages, the first cheap and the second precise.
///
/// 1. **Prefilter.** Every ``SecretRule``'s pattern is compiled once, with all the others, into a
///    single Vectorscan database (``Matcher``). One pass over the bytes, whatever the number of
///    rules, with no decoding, no `String` and no allocation per byte; it yields candidate hits
///    (rule, start, end), coalesced per rule.
/// 2. **Confirm.** Only rules that hit do more work, and only on a small window around each hit
///    (the line, capped at a few KiB): a regular expression extracts the secret part with exact
///    boundaries, then the rule's checks run on it (Shannon entropy, the token's own checksum,
///    placeholder and stop-word filters, reference detection such as `${VAR}` or
///    `process.env.X`). ``Detector`` then resolves overlaps (a specific rule beats a generic one),
///    pairs an AWS key id with its secret key, honours `anshin:allow` comments and computes line
///    and column lazily, for hits only.
///
/// A rule is a value that carries its own true- and false-positive samples; ``RuleCatalog`` lists
/// them all and one parameterised test proves every rule against its samples. Samples are built at
/// run time (``SampleGenerator``), so no source file holds a string a secret scanner would flag.
public enum AnshinSecrets {}
