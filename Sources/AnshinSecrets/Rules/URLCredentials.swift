import AnshinCore

/// The userinfo of a URL, `scheme://user:password@host`, as every URL rule reads it.
///
/// People do not percent-encode passwords: when the password itself holds an `@`, most drivers
/// still read everything from the colon after the user to the *last* `@` before the host as the
/// password. The capture therefore runs to that last `@`, and everything up to there is the
/// secret: a shorter capture would leave the tail of the password in clear in every report.
enum URLCredentials {
    /// The Vectorscan form after the scheme's `://`: a user, a colon, a password that may hold
    /// `@` and `:`, and an `@`.
    static let prefilterTail = #"[^:@/\s"'<>]{1,64}:[^/\s"'<>]{3,128}@"#

    /// The ICU form after `://`: group `key` is the user, group `secret` the password, up to the
    /// last `@` that a host follows (or a host's placeholder in a format string, `@%s`,
    /// `@${HOST}`). The password never holds `/`, `?` or `#` (they end the authority), nor blanks
    /// or quotes; a trailing `\` before the `@` is an escaped `@` of Perl
    /// and shell strings (`admin\@power`), not part of the password.
    static let userinfo = #"(?<key>[^:@/\s"'<>]{1,64}):(?<secret>[^/?#\s"'<>]{2,127}[^/?#\s"'<>\\])\\?@(?=[A-Za-z0-9\[%${])"#

    /// Hosts that say the credential is for a developer's own machine or a documentation
    /// example: still reported (they teach bad habits and are sometimes real), at low confidence.
    static let localHosts: [[UInt8]] = [
        "localhost", "127.0.0.1", "0.0.0.0", "[::1]", "example.com", "example.org", "example.net",
        "host.docker.internal",
    ].map { Array($0.utf8) }

    /// Domains reserved for documentation (RFC 2606): no service answers there, so a password
    /// for one is an example, never a credential.
    static let documentationHosts: [[UInt8]] = ["example.com", "example.org", "example.net", "invalid"]
        .map { Array($0.utf8) }

    /// The host after a password's `@`, lower case.
    static func host(after: [UInt8]) -> [UInt8] {
        Placeholder.lowercased(Array(after.drop { $0 == UInt8(ascii: "\\") || $0 == UInt8(ascii: "@") }
            .prefix { !"/:?#\"' ,;)`".utf8.contains($0) }))
    }

    /// Whether the text after a password's `@` names a documentation domain (`proxy.example.com`).
    static func isDocumentationHost(after: [UInt8]) -> Bool {
        let host = host(after: after)
        return documentationHosts.contains { host == $0 || host.hasSuffix([UInt8(ascii: ".")] + $0) }
    }

    /// Whether the text after a password's `@` names a local or example host.
    static func isLocalHost(after: [UInt8]) -> Bool {
        // `after` starts at the `@` (or at `\@`).
        let host = Placeholder.lowercased(Array(after.drop { $0 == UInt8(ascii: "\\") || $0 == UInt8(ascii: "@") }
            .prefix { !"/:?#\"' ,;)".utf8.contains($0) }))
        return localHosts.contains { host == $0 || host.hasSuffix([UInt8(ascii: ".")] + $0) }
    }
}

extension SecretRule {
    /// A password in the userinfo of a URL of any scheme (`ldap://`, `nats://`, `ftp://`,
    /// `smtp://`, `jdbc:…://`). Schemes with a rule of their own (PostgreSQL, MySQL, MongoDB,
    /// Redis, AMQP, HTTP) win over this one on the same value.
    static let urlCredentials = SecretRule(
        id: "secret-url-credentials", title: "URL with an embedded password", severity: .high,
        pattern: "://" + URLCredentials.prefilterTail,
        extractor: .regex(#"(?<![A-Za-z0-9+.-])[A-Za-z][A-Za-z0-9+.-]{0,30}://"# + URLCredentials.userinfo),
        checks: [.custom("URL password", { GenericValue.isURLPassword($0) })],
        specificity: .generic, grade: { GenericValue.gradeURLPassword($0) },
        remediation: Advice.revoke("Change the password embedded in the URL where the account is managed (the "
            + "directory, the broker, the mail or file server), and pass it to the program from a secret store "
            + "or an environment variable instead of the URL."),
        references: ["https://www.rfc-editor.org/rfc/rfc3986#section-3.2.1"],
        samples: { g in [
            "NATS_URL=nats://ruser:" + g.alnum(10) + "@nats.acme.internal:6222",
            "ldap_uri = \"ldaps://cn=admin:" + g.alnum(8) + "@ldap.acme.example:636\"",
            "fmt.Sprintf(\"smtp://mailer:" + g.alnum(6) + "@" + g.alnum(5) + "@%s:587\", host)",
            "jdbc:sqlserver://sa:" + g.alnum(7) + ":" + g.alnum(5) + "@db01.acme.internal:1433",
            "ftp://deploy:" + g.alnum(12) + "%40" + g.alnum(3) + "@files.acme.example/upload",
        ] },
        negatives: { g in [
            "nats://user:password@localhost:4222",
            "ldap://cn=admin:${LDAP_PASSWORD}@ldap:389",
            "smtp://mailer:<password>@smtp:587",
            "docker://registry:5000/app@sha256:" + g.hex(64),
            "ftp://anonymous:anonymous@ftp.acme.example",
            "scp://admin:admin\\@power/outlet",
            "svn://" + g.alnum(6) + ":****@svn.acme.example",
            "http://john.doe:" + g.alnum(9) + "@proxy.example.com:3128",
            "https://token:MY_GITHUB_TOKEN@github.com/acme/repo.git",
            "https://USERID:APITOKEN@JENKINS_URL/project/YOUR_JOB",
            "http://username:p%40ssword@proxyserver.net:3128/",
        ] })
}

extension SecretRule {
    /// A password set in SQL: `CREATE USER … IDENTIFIED BY 'x'`, `ALTER ROLE … PASSWORD 'x'`,
    /// `SET PASSWORD … = 'x'`.
    static let sqlPassword = SecretRule(
        id: "secret-sql-password", title: "Password set in an SQL statement", severity: .high,
        pattern: #"(?i:identified\s{1,5}by|with\s{1,5}(?:encrypted\s{1,5})?password|set\s{1,5}password(?:\s[^=\r\n]{0,40})?\s{0,5}=)\s{0,5}(?i:password\s{0,5})?\(?["'][^"'\s]{3}"#,
        extractor: .regex(#"(?i:identified\s{1,5}by|with\s{1,5}(?:encrypted\s{1,5})?password|set\s{1,5}password(?:\s[^=\r\n]{0,40})?\s{0,5}=)\s{0,5}(?:(?i:password)\s{0,5})?\(?(?<quote>["'])(?<secret>[^"'\s]{3,128})\k<quote>"#),
        checks: [.custom("SQL password", { candidate in
            let value = candidate.secret
            if Placeholder.isPlaceholder(value) || Placeholder.isReference(value) || GenericValue.isPasswordHash(value) {
                return false
            }
            // The user's own name as its password (`CREATE USER db1 WITH PASSWORD 'db1'`) is a
            // sample setup, not a credential to rotate.
            if Placeholder.lowercased(candidate.before).contains(Placeholder.lowercased(value)) { return false }
            // A statement about a user or role (`CREATE USER`, `ALTER ROLE`, `GRANT … TO`, `SET PASSWORD
            // FOR`, `update user set`); a comment saying that a thing is identified by a quoted name is not one.
            if !GenericValue.namesAccount(candidate.before) { return false }
            // `IDENTIFIED BY '%s'`, `'?'`, `':password'`: a parameter, not a value.
            return !value.contains(UInt8(ascii: "%")) && value.first != UInt8(ascii: ":") && value != Array("?".utf8)
        })],
        specificity: .generic, grade: { GenericValue.grade(Candidate(secret: $0.secret, quoted: true), kind: .password) },
        remediation: Advice.revoke("Change the database user's password (`ALTER USER … IDENTIFIED BY …` with a value "
            + "from a secret store), since the statement in the repository gives it to anyone who reads it."),
        references: ["https://dev.mysql.com/doc/refman/8.0/en/create-user.html"],
        samples: { g in [
            "CREATE USER 'app'@'%' IDENTIFIED BY '" + g.alnum(10) + "!';",
            "ALTER ROLE reporting WITH PASSWORD '" + g.alnum(12) + "';",
            "SET PASSWORD FOR 'root'@'localhost' = PASSWORD('" + g.alnum(9) + "');",
        ] },
        negatives: { _ in [
            "CREATE USER 'app'@'%' IDENTIFIED BY '%s';",
            "ALTER USER app IDENTIFIED BY :password;",
            "CREATE USER app IDENTIFIED BY '<password>';",
            "ALTER ROLE app WITH PASSWORD '${DB_PASSWORD}';",
            "CREATE USER db1 WITH PASSWORD 'db1';",
            "SET password_encryption = 'scram-sha-256';",
            " * functionality is identified by 'extension' rather than any other identifier",
        ] })
}
