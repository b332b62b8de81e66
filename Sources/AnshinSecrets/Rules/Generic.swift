import AnshinCore
import AnshinHTTP
import Foundation
// Generic assignments and URLs: credentials without a format of their own, judged by the key
// they are assigned to and by the value's shape, so that `password = getPassword()`,
// `token: ${{ secrets.TOKEN }}` and `api_key: "<your-key>"` stay quiet.

extension SecretRule {
    /// What a generic value must look like.
    enum ValueKind: Sendable {
        /// A password: any printable run, two kinds of characters at least.
        case password
        /// A machine token: long, random, letters and digits.
        case token
    }

    /// `KEY = value` (and `KEY: value`, `"KEY": "value"`, `KEY := value`, `KEY => value`) where the
    /// key matches `key` (case-insensitive) and the value passes the generic checks for `kind`.
    /// With `keyWords`, the key must also hold one of them as a word of its own.
    static func assignment(
        id: String, title: String, severity: Severity = .medium, key: String, keyPrefix: String = "[A-Za-z0-9_.-]{0,30}?",
        kind: ValueKind, keyWords: [GenericValue.KeyWord]? = nil, specificity: Specificity = .generic,
        valueCheck: (@Sendable (Candidate) -> Bool)? = nil, remediation: String, references: [String] = [],
        samples: @escaping @Sendable (SampleGenerator) -> [String], negatives: @escaping @Sendable (SampleGenerator) -> [String]
    ) -> SecretRule {
        let minimum = kind == .password ? 6 : 16
        let maximum = kind == .password ? 256 : 1024
        // `=`, `:`, `:=`, `=>`; or blanks before a quoted value, which the check accepts only in a C
        // macro (`#define API_KEY "…"`).
        // A setter's parenthesis too (`setPassword("…")`, `cipher->SetKey("…")`): the check keeps it
        // only after a name starting with `set`.
        // An index's closing bracket may stand between (`["password"] = "…"`, `$DB['PASSWORD'] = '…'`).
        let separator = #"(?:["']?\]?\s{0,5}(?::=|=>|=|:)|\s{1,5}(?=["'`])|\(\s{0,3}(?=["'`]))"#
        let hsSeparator = #"(?:["']?\]?\s{0,5}(?::=|=>|=|:)|\s{1,5}["'`]|\(\s{0,3}["'`])"#
        let hsPrefix = keyPrefix.hasSuffix("}?") ? String(keyPrefix.dropLast()) : keyPrefix
        let hs = (keyPrefix.hasPrefix("[") ? "" : hsPrefix)
            + "(?i:\(key))[A-Za-z0-9_.-]{0,20}\(hsSeparator)\\s{0,20}(?:[A-Z][A-Za-z0-9_]{0,30}\\(\\s{0,3})?[\"'`]?[^\\s\"'`]{\(minimum)}"
        let icu = #"(?<![A-Za-z0-9_.-])(?<key>"# + keyPrefix + "(?i:\(key))[A-Za-z0-9_.-]{0,20})" + separator
            // A constructor or conversion around the literal counts (`Token: String("…")`,
            // `Some("…")`, `StringCredentialValue("…")`): a capitalised name, as types are; a call
            // of a lower-case function (`getenv("…")`, `get("db_password")`) names a value kept elsewhere.
            // Blanks after the separator: up to a column's worth (`Token:        "…"`, aligned Go fields).
            + #"(?![=:])\s{0,20}(?:[A-Z][A-Za-z0-9_]{0,30}\(\s{0,3}(?=["'`]))?"#
            // Wrapped keys and certificates in one string run to a few hundred characters.
            + #"(?:(?<quote>["'`])(?<secret>[^"'`\s]{"# + "\(minimum),\(maximum)})\\k<quote>"
            // A bare value ends at a blank, a separator, a closing quote or parenthesis, or the next
            // parameter of a query (`?apiKey=…&size=20'`).
            + #"|(?<bare>[^\s"'`;,()\[\]{}<>&]{"# + "\(minimum),\(maximum)})(?=[\\s,;&\"')]|$))"
        return SecretRule(
            id: id, title: title, severity: severity, pattern: hs, extractor: .regex(icu),
            checks: [.custom("generic \(kind)", {
                GenericValue.isDefinitionOrAssignment($0.before, key: $0.key) && GenericValue.accepts($0, kind: kind, keyWords: keyWords)
                    && valueCheck?($0) != false
            })],
            specificity: specificity, grade: { GenericValue.grade($0, kind: kind) }, remediation: remediation, references: references,
            samples: samples, negatives: negatives)
    }

    static let genericRemediation = Advice.revoke("Change the credential where it is issued (the database, "
        + "the service's console), since anyone with read access to the repository or its history has it.")

    static let genericPassword = assignment(
        id: "secret-generic-password", title: "Password assigned in code or configuration",
        key: "pass(?:wd|word|phrase)?|pwd", kind: .password, keyWords: GenericValue.passwordWords,
        remediation: genericRemediation,
        samples: { g in [
            "DB_PASSWORD=" + g.alnum(6) + "#" + g.alnum(5),
            "  \"password\": \"" + g.base64(14) + "\",",
            "spring.datasource.password: " + g.alnum(12) + "!",
            "$admin_pass = '" + g.alnum(16) + "';",
            "Server=db.acme.internal;User Id=app;Password=" + g.alnum(10) + "_x;Database=app;",
            "export PGPASSWORD=" + g.alnum(8) + "!" + g.alnum(4) + " # read-only user",
            "dbPassword: " + g.alnum(10) + "-" + g.alnum(4),
            "MYSQL_PWD=" + g.alnum(12) + "%1 mysql -u app",
            "#define DB_PASSWORD \"" + g.alnum(10) + "&" + g.alnum(6) + "\"",
            "o.Websocket.Password = \"" + g.alnum(9) + "\"",
            "cfg.Password = String(\"" + g.alnum(12) + "\")",
            "SYSASMPassword=" + g.alnum(6) + "_19c",
            "dataSource.setPassword(\"" + g.alnum(8) + "!" + g.alnum(3) + "\");",
            "[\"password\"] = \"" + g.alnum(7) + "#\"",
            "innobackupex --user=root --password=" + g.string(7, from: "bcdfghjklmnprvwz") + "4729 /data/backup/full",
            "SONARQUBE_POSTGRES_PASSWORD=" + g.string(5, from: "bcdfghjklmnprvwz") + "Pass",
            "pwd=\"w@" + g.digits(6) + "\"",
            // Configuration files write literals bare: a lower-case word ending a YAML or env line.
            "    password: " + g.string(9, from: "bcdfghjklmnprvwz"),
            "GRAFANA_PASS=" + g.string(8, from: "bcdfghjklmnprvwz") + " # admin",
            "\"password\": \"" + "ban" + "ana\"",
            "\"password\": \"Test" + g.digits(2) + "!" + g.string(2, from: "bcdfghjklmnprvwz") + "\"",
        ] },
        negatives: { g in [
            "password = getPassword()",
            "password: ${DB_PASSWORD}",
            "password = \"changeme\"",
            "\"password\": \"<your-password>\"",
            "password = os.environ[\"DB_PASSWORD\"]",
            "password: {{ .Values.db.password }}",
            "password = user.password",
            "password: String",
            "min_password_length = 12345678",
            "password = \"password123\"",
            "password_reset_url = \"https://acme.example/reset/" + g.alnum(12) + "\"",
            "password = process.env.DB_PASSWORD",
            "if password == \"" + g.alnum(12) + "\" {",
            "password: \"**********\"",
            "password = \"" + "testpass" + "1234\"",
            "bypass=" + g.alnum(10),
            "password = var.db_password",
            "PASSWORD: DB_ADMIN_PASSWORD",
            "snd-soc-lpass-cpu-objs := lpass-cpu.o",
            "cpu_passive: cpu-passive {",
            "pass_window.start = prev_match + 1;",
            ".commit_pass2 = xlog_recover_commit_pass2,",
            "    { .commit_pass2 = xlog_recover_commit_pass2, .ra_pass2 = NULL },",
            "\t.ra_pass2\t\t= xlog_recover_ra_pass2,\n\t.commit_pass1\t\t= xlog_recover_commit_pass1,\n",
            "rtlpriv->dm.rx_pwdb_all = pwdb_all_2;",
            "echo \"PASS: prefix route expired\"",
            " * @pwd: WRPLL_CFG data, associated with this clock",
            "cmd->passive_dwell = passive_dwell_2;",
            "# Final pass: rename/move",
            "\tpass = p4ssw0rd",
            "password=secr3t",
            "echo password=store-pass >expect",
            "echo password=pass@host",
            "the password \"hunter2\" is weak",
            "\tmy $pass = encode_base64 shift, '';",
            "password = os.getenv(\"DB_PASSWORD\")",
            "String password = vault.getPassword(\"db-" + g.alnum(8) + "\");",
            "self.user.set_password(\"password\")",
            "internal sealed class AuthUserPass : AuthMethod",
            "#expect(check.evaluate(terraform { $0.hasConsolePassword = .unknown }).isEmpty)",
            "\"password=incorrect\\n\" +",
            "<Field name=\"password\" :rules=\"rules\" />",
            "password: auth_provider&.[](:credentials)&.[](:password)",
            "'password': 'passw2',",
            "os.environ[\"PGPASSWORD\"] = \"very_secure\"",
            "signup(email: String!, password: String!): AuthPayload",
            "password = fromkeyring",
            "password: hashed before storage",
            "password: \"test" + "pass\"",
            "iam.create_login_profile(UserName=name, Password=\"Seed-" + "Password-\" + name)",
            "\"password\": \"pbkdf2_sha256$" + "260000$" + g.alnum(22) + "\"",
            "OK_ACCESS_PASSPHRASE = \"OK-ACCESS-PASSPHRASE\"",
            "$this->assertEquals($expected, $answer, 'question should '.($expected ? 'pass' : 'cancel'));",
            "$creds.Password = Read-Host -AsSecureString -Prompt \"Password\"",
            "$SecPassword = ConvertTo-SecureString '" + g.alnum(10) + "' -AsPlainText -Force",
            "mydata += \"&password=\"+mydomval(\"password\");",
            "- DOVECOT_PASS_ATTRS=uid=user,userPassword=password",
            "$ MYSQL_USER=root MYSQL_PASSWORD= FILTER=integration npm test",
            "GRAYLOG_ROOT_PASSWORD_SHA2=" + g.hex(64),
            "self.password = friendly_token",
            "password: '[omitted]',",
            "password: 'required|min:8',",
            "return admin.save({password: 'super" + "secret'});",
            "*   password: 'secure'",
            "'PASSWORD'\t\t=> 'wachtwoord',",
            "passphrase: 'client_key_passphrase'",
            "password: 'pass_OPT'",
            "const string expectedPassword = \"" + g.alnum(10) + "\";",
        ] })

    static let genericSecret = assignment(
        id: "secret-generic-secret", title: "Secret or private key value assigned in code or configuration",
        key: #"secret|client_?secret|private_?key|signing_?key|encryption_?key|master_?key|credential"#,
        kind: .token, remediation: genericRemediation,
        samples: { g in [
            "CLIENT_SECRET=" + g.alnum(32),
            // Aligned fields, a long random value of one case, and mixed-case letters ending a YAML line.
            "\tSecret:        \"" + g.alnum(40) + "\",",
            "\"credential_value\": \"" + g.string(48, from: "abcdefghijklmnopqrstuvwxyz") + "\",",
            "jwt-secret-key: " + g.string(12, from: "abcdefghijklmnopqrstuvwxyz") + "XY" + g.string(12, from: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz") + "QZ",
            "secret_key_base: " + g.hex(64),
            "\"signingKey\": \"" + g.base64(44) + "\"",
        ] },
        negatives: { g in [
            "secret: ${{ secrets.CLIENT_SECRET }}",
            "client_secret = \"your-client-secret-here\"",
            "secret_name = \"prod/" + g.alnum(20) + "\"",
            "secretArn: arn:aws:secretsmanager:eu-west-1:111111111111:secret:db-" + g.alnum(6),
            "SECRET_KEY = os.getenv(\"SECRET_KEY\")",
            "secret = \"abcdefghijklmnopqrstuvwx\"",
            "private_key_path = \"/etc/ssl/private/" + g.alnum(20) + ".pem\"",
            "secret: " + String(repeating: "x", count: 32),
            "keyword: #\"travis\\w{0,20}(?:token|key)\"#, secret: \"[A-Za-z0-9_-]{40}\",",
            "secret: \"(?:ak|sk)_[a-f0-9]{32}\",",
            "\t.compute_shared_secret = curve25519_compute_shared_secret,",
            "GCM_CREDENTIAL_STORE=\"wincredman\"",
            "secret: SomeVeryLongSecretHolderName",
        ] })

    static let genericKey = assignment(
        id: "secret-generic-key", title: "Key assigned in code or configuration",
        key: "key", kind: .token, keyWords: [.init("key")],
        valueCheck: { GenericValue.isKeyValue($0) },
        remediation: genericRemediation,
        samples: { g in [
            "\"userKey\": \"" + g.alnum(30) + "\",",
            "String wrappedKey = \"" + g.base64(88) + "\";",
            "data: []byte(`{\"key_id\":\"1234\",\"key\":\"" + g.base64(44) + "\"}`),",
            "  tlsClientKey: \"" + g.base64(40) + "\"",
            "MACKey:      \"" + g.base64(28) + "\",",
            "String wrappedKey = \"" + g.base64(340) + "==\";",
            "cipher->SetKey(\"" + g.hex(32).uppercased() + "\");",
        ] },
        negatives: { g in [
            "<converter:ProgressBarOffset1Converter x:Key=\"ProgressBarOffset1Converter\" />",
            "key     = \"" + g.hex(8).uppercased() + "-" + g.hex(4).uppercased() + "-" + g.hex(4).uppercased() + "-"
                + g.hex(4).uppercased() + "-" + g.hex(12).uppercased() + "\"",
            "String publicKey = \"" + g.base64(120) + "\";",
            "\"key\": \"MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA" + g.base64(300) + "\",",
            "\"encryptedKey\": \"" + g.hex(24) + "(...)" + g.hex(24) + "\",",
            "symkey = PK11_ImportSymKey(slot, mech, PK11_OriginUnwrap, CKA_ENCRYPT,",
            "key: v1-dependencies-{{ checksum \"package.json\" }}",
            "primary_key = \"" + g.alnum(20) + "\"",
            "\"SandboxKey\": \"/var/run/docker/netns/" + g.hex(12) + "\",",
            "server-public-key: AAAAB3NzaC1yc2E" + g.base64(60),
            "cache_key = \"users:" + g.lowerAlnum(20) + "\"",
            "Correct string `key:\"correct,options=1|2\"`",
            "Extensions map[string]*structpb.Value `protobuf:\"bytes,15,rep,name=extensions,proto3\" protobuf_key:\"bytes,1,opt,name=key,proto3\"`",
            "\"lib/puppet/type/apt_key.rb\": \"" + g.hex(32) + "\",",
            "reasonAnnotationKey   = \"authorization.k8s.io/reason\"",
            "example.com-mail.key: 'base64-encoded-DKIM-key'",
            "Key:       \"strangesnapshotwithuserid0\",",
            "key: \"heads-$GITLAB_USER_LOGIN-2\"",
            "(new QueryString)->setKey('custom_token_key'),",
            "onClick={() => setSearchResultActiveKey('user')}",
        ] })

    static let genericToken = assignment(
        id: "secret-generic-token", title: "Access token assigned in code or configuration",
        key: #"token|access_?token|auth_?token|api_?token|bearer"#, kind: .token, remediation: genericRemediation,
        samples: { g in [
            "ACCESS_TOKEN=" + g.alnum(40),
            "auth_token: \"" + g.base64URL(32) + "\"",
        ] },
        negatives: { g in [
            "token = request.headers.get(\"Authorization\")",
            "tokenizer = \"bert-base-uncased-" + "whole-word-masking\"",
            "next_page_token: " + g.alnum(24),
            "token: ${{ secrets.GITHUB_TOKEN }}",
            "token_type: bearer",
            "csrf_token = \"" + g.alnum(32) + "\"",
            "token = \"" + g.lowerAlnum(4) + "\"",
            "token: \"gh" + "p_[A-Za-z0-9]{36}\", right: \"[A-Za-z0-9_]\"",
            "\t.submit_token = gv100_fifo_gpfifo_submit_token,",
            "tokProvider: newTokenProvider(&AccessToken{Token: \"access-token-" + g.digits(3) + "\"}, nil),",
            "const bearerProtocolPrefix = \"base64url.bearer.authorization.k8s.io.\"",
        ] })

    static let genericSalt = assignment(
        id: "secret-generic-salt", title: "Salt or nonce value assigned in code or configuration", severity: .low,
        key: "salt|nonce", kind: .token, keyWords: [.init("salt"), .init("nonce")],
        remediation: Advice.revoke("A fixed salt or nonce in the repository lets anyone who reads it precompute "
            + "hashes or replay messages: generate it at run time or keep it with the other secrets, and re-hash "
            + "or re-key what depended on it."),
        samples: { g in [
            "AUTH_SALT=" + g.hex(40),
            "  \"nonce\": \"" + g.base64URL(32) + "\",",
            "salt = \"" + g.alnum(24) + "\"",
        ] },
        negatives: { g in [
            "salt = bcrypt.gensalt()",
            "nonce_size = 12",
            "salt_length: " + g.digits(2),
            "Salt=2016.3.1",
            "str2saltedsha512.rb: " + g.hex(32),
            "password_salt_field = password_salt_field",
        ] })

    static let genericAPIKey = assignment(
        id: "secret-generic-api-key", title: "API key assigned in code or configuration",
        key: #"api[_.-]?key|apikey|access[_.-]?key(?:[_.-]?secret)?|auth[_.-]?key|subscription[_.-]?key"#,
        kind: .token, remediation: genericRemediation,
        samples: { g in [
            "API_KEY=" + g.alnum(32),
            "fetch('https://api.acme.example/v1/databases?apiKey=" + g.hex(24) + "&size=20');",
            "\"apiKey\": \"" + g.hex(8) + "-" + g.hex(4) + "-" + g.hex(4) + "-" + g.hex(4) + "-" + g.hex(12) + "\"",
            "x-api-key: " + g.base64URL(40),
        ] },
        negatives: { g in [
            "api_key = settings.API_KEY",
            "apiKey: process.env.API_KEY",
            "api_key_id = \"" + g.alnum(20) + "\"",
            "API_KEY_NAME=" + g.lowerAlnum(20),
            "api_key: \"" + "YOUR_API_KEY" + "\"",
            "api_key = \"" + String(repeating: "0", count: 32) + "\"",
        ] })

    static let terraformVariableSecret = SecretRule.assignment(
        id: "secret-terraform-tfvar-secret", title: "Secret passed to Terraform through TF_VAR_ environment variable",
        severity: .high, key: "key|secret|token|password|passwd|pwd|credential", keyPrefix: "TF_VAR_[A-Za-z0-9_]{0,40}?",
        kind: .password, specificity: .contextual,
        remediation: Advice.revoke("Change the credential where it is issued; pass it to Terraform from a "
            + "secret store (an SSM SecureString data source, or the CI's masked variables) instead of a "
            + "committed `TF_VAR_` line."),
        references: ["https://developer.hashicorp.com/terraform/cli/config/environment-variables#tf_var_name"],
        samples: { g in [
            "export TF_VAR_db_password=" + g.alnum(10) + "%" + g.alnum(4),
            "TF_VAR_app_signing_key: \"" + g.alnum(12) + "-" + g.alnum(8) + "\"",
        ] },
        negatives: { _ in [
            "export TF_VAR_db_password=$(aws ssm get-parameter --name /prd/db --with-decryption)",
            "TF_VAR_api_key: ${{ secrets.API_KEY }}",
            "export TF_VAR_kms_key_name=alias/prd",
        ] })

    static let bearerAuthorization = SecretRule(
        id: "secret-authorization-bearer-token", title: "Bearer token in an Authorization header", severity: .medium,
        pattern: #"(?i:authorization)["']?\s{0,5}[:=,]\s{0,5}["']?(?i:bearer)\s{1,5}[A-Za-z0-9_~+/=.-]{20}"#,
        extractor: .regex(#"(?i:authorization)["']?\s{0,5}[:=,]\s{0,5}["']?(?i:bearer)\s{1,5}(?<secret>[A-Za-z0-9_~+/=.-]{20,2048})(?![A-Za-z0-9_~+/=.-])"#),
        checks: [.custom("generic token", { GenericValue.accepts($0, kind: .token) })],
        specificity: .generic,
        remediation: genericRemediation,
        samples: { g in [
            "curl -H \"Authorization: Bearer " + g.base64URL(40) + "\" https://api.acme.example/v1/users",
            "headers = {\"Authorization\": \"Bearer " + g.alnum(32) + "\"}",
        ] },
        negatives: { _ in [
            "curl -H \"Authorization: Bearer $TOKEN\" https://api.acme.example",
            "Authorization: Bearer <your-access-token-goes-here>",
            "Authorization: Bearer " + "YOUR_ACCESS_TOKEN_PLACEHOLDER",
            "`Authorization: Bearer eyJhbGciOiJIUzI1NiI...`",
        ] })

    static let basicAuthorization = SecretRule(
        id: "secret-authorization-basic-credentials", title: "Basic credentials in an Authorization header",
        severity: .medium,
        pattern: #"(?i:authorization)["']?\s{0,5}(?:=>|[:=,])\s{0,5}["']?(?i:basic)\s{1,5}[A-Za-z0-9+/]{6}"#,
        extractor: .regex(#"(?i:authorization)["']?\s{0,5}(?:=>|[:=,])\s{0,5}["']?(?i:basic)\s{1,5}(?<secret>[A-Za-z0-9+/]{6,400}={0,2})(?![A-Za-z0-9+/=])"#),
        checks: [.custom("user:password", { GenericValue.isBasicCredential($0.secret) })],
        specificity: .contextual, grade: { GenericValue.gradeBasic($0) },
        remediation: genericRemediation,
        samples: { g in [
            "Authorization: Basic " + SampleGenerator.base64Encode("deploy:" + g.alnum(16)),
        ] },
        negatives: { _ in [
            "Authorization: Basic " + SampleGenerator.base64Encode("user:password"),
            "Authorization: Basic " + SampleGenerator.base64Encode("just-a-user-name"),
        ] })

    /// `"Basic …"` anywhere in a string (a test's expected header, a JSON `value`):
    /// judged as the Authorization header's value is, by what it decodes to.
    static let basicCredentialsString = SecretRule(
        id: "secret-basic-credentials-string", title: "Basic credentials in a string", severity: .medium,
        pattern: #"["'`](?i:basic)\s{1,5}[A-Za-z0-9+/]{6}"#,
        extractor: .regex(#"["'`](?i:basic)\s{1,5}(?<secret>[A-Za-z0-9+/]{6,400}={0,2})["'`]"#),
        checks: [.custom("user:password", { GenericValue.isBasicCredential($0.secret) })],
        specificity: .contextual, grade: { GenericValue.gradeBasic($0) },
        remediation: genericRemediation,
        samples: { g in [
            ".header(\"X-Forwarded-Auth\", \"Basic " + SampleGenerator.base64Encode("deploy:" + g.alnum(12)) + "\")",
            "\"value\": \"Basic " + SampleGenerator.base64Encode("svc-report:" + g.alnum(10)) + "\",",
        ] },
        negatives: { _ in [
            "// are treated as \"Basic Changes\" that we append to",
            "assertEqual(header, 'Basic " + SampleGenerator.base64Encode("user:") + "')",
            "\"value\": \"Basic " + SampleGenerator.base64Encode("user:password") + "\"",
        ] })

    // MARK: Connection URLs

    /// `scheme://user:password@host`: the password is the secret.
    static func connectionURL(id: String, title: String, schemes: String, severity: Severity = .high,
                              scheme: String, port: String, specificity: Specificity = .contextual,
                              revoke: String, references: [String] = []) -> SecretRule {
        let head = "(?i:\(schemes))://"
        return SecretRule(
            id: id, title: title, severity: severity,
            pattern: head + URLCredentials.prefilterTail,
            extractor: .regex(head + URLCredentials.userinfo),
            checks: [.custom("URL password", { GenericValue.isURLPassword($0) })],
            specificity: specificity, grade: { GenericValue.gradeURLPassword($0) },
            remediation: Advice.revoke(revoke),
            references: references,
            samples: { g in [
                "DATABASE_URL=" + scheme + "://app:" + g.alnum(20) + "@db.internal.acme.example:" + port + "/app",
                "url = \"" + scheme + "://admin:" + g.alnum(8) + "%21" + g.alnum(6) + "@10.0.3.12:" + port + "\"",
                // People do not percent-encode: the password runs to the last `@` before the host.
                scheme + "://notify:" + g.alnum(5) + "@" + g.alnum(7) + "@db.acme.internal:" + port,
            ] },
            negatives: { _ in [
                scheme + "://user:password@localhost:" + port + "/db",
                scheme + "://app:${DB_PASSWORD}@db:" + port + "/app",
                scheme + "://app:<password>@db:" + port + "/app",
                scheme + "://:@localhost:" + port,
                scheme + "://postgres:postgres@localhost:" + port,
                scheme + "://app:****@db:" + port,
                "'" + scheme + "://admin:admin\\@power:" + port + "/outlet'",
                "echo \"" + scheme + "://home-user:home-pass@git.acme.example\" >\"$HOME/.git-credentials\"",
                scheme + "://deploy:p4ssw0rd@ci.acme.example:" + port,
            ] })
    }

    static let postgresURL = connectionURL(
        id: "secret-postgres-url-password", title: "PostgreSQL connection URL with a password",
        schemes: #"postgres(?:ql)?(?:\+[a-z0-9]+)?"#, severity: .critical, scheme: "postgres", port: "5432",
        revoke: "Change the role's password (`ALTER ROLE … PASSWORD …`), or rotate it in RDS / Secrets "
            + "Manager, and restrict who can reach the database.",
        references: ["https://www.postgresql.org/docs/current/libpq-connect.html#LIBPQ-CONNSTRING-URIS"])

    static let mysqlURL = connectionURL(
        id: "secret-mysql-url-password", title: "MySQL or MariaDB connection URL with a password",
        schemes: #"mysql(?:x|2)?(?:\+[a-z0-9]+)?|mariadb"#, severity: .critical, scheme: "mysql", port: "3306",
        revoke: "Change the user's password (`ALTER USER … IDENTIFIED BY …`), or rotate it in RDS / Secrets "
            + "Manager.",
        references: ["https://dev.mysql.com/doc/refman/8.0/en/connecting-using-uri-or-key-value-pairs.html"])

    static let mongodbURL = connectionURL(
        id: "secret-mongodb-url-password", title: "MongoDB connection URL with a password",
        schemes: #"mongodb(?:\+srv)?"#, severity: .critical, scheme: "mongodb+srv", port: "27017",
        revoke: "Change the database user's password (Atlas > Database Access, or `db.changeUserPassword`).",
        references: ["https://www.mongodb.com/docs/manual/reference/connection-string/"])

    static let redisURL = connectionURL(
        id: "secret-redis-url-password", title: "Redis connection URL with a password",
        schemes: "rediss?", scheme: "redis", port: "6379",
        revoke: "Change the password (`CONFIG SET requirepass`, the ACL user, or the ElastiCache AUTH token).",
        references: ["https://www.iana.org/assignments/uri-schemes/prov/redis"])

    static let amqpURL = connectionURL(
        id: "secret-amqp-url-password", title: "AMQP (RabbitMQ) connection URL with a password",
        schemes: "amqps?", scheme: "amqps", port: "5671",
        revoke: "Change the user's password (`rabbitmqctl change_password`, or the Amazon MQ user).",
        references: ["https://www.rabbitmq.com/docs/uri-spec"])

    static let httpURLCredentials = connectionURL(
        id: "secret-http-url-credentials", title: "HTTP URL with an embedded password",
        schemes: "https?", severity: .medium, scheme: "https", port: "443", specificity: .generic,
        revoke: "Change the password or token embedded in the URL (a Git remote, a registry mirror, a webhook) "
            + "and configure a credential helper instead.",
        references: ["https://www.rfc-editor.org/rfc/rfc3986#section-3.2.1"])
}

/// Judgement of generic values: the checks that keep `password=` and `token:` rules quiet on code.
enum GenericValue {
    /// How sure a generic value is, from its shape, with the reason in words.
    ///
    /// - A token (`kind == .token`) of at least 20 characters with at least 3.5 bits of entropy
    ///   per character is `high`: random keys look like that, identifiers and words do not.
    /// - A password of at least 10 characters using 3 kinds of characters (lower, upper, digits,
    ///   symbols) with at least 3 bits per character is `high`; at least 8 characters and 2 kinds
    ///   is `medium`; shorter or simpler values (`guest`, `banana`) are `low`: CredData's
    ///   reviewers call most such values real, but they are also what examples use.
    static func grade(_ candidate: Candidate, kind: SecretRule.ValueKind) -> Judgement {
        let value = candidate.secret
        let classes = CharacterClasses(value)
        let entropy = Entropy.shannon(value)
        var words: [String] = []
        if let key = candidate.key { words.append("name `\(String(decoding: key.prefix(40), as: UTF8.self))`") }
        words.append("\(value.count) characters")
        words.append("\(classes.count) kind\(classes.count == 1 ? "" : "s") of characters")
        words.append(String(format: "%.1f bits each", entropy))
        let confidence: Confidence
        switch kind {
        case .token:
            confidence = value.count >= 20 && entropy >= 3.5 ? .high : .medium
        case .password:
            if isStopWordValue(Placeholder.lowercased(value)) {
                words.append("holds a word of made-up values")
                confidence = .low
            } else if value.count >= 10 && classes.count >= 3 && entropy >= 3.0 {
                confidence = .high
            } else if value.count >= 8 && classes.count >= 2 {
                confidence = .medium
            } else {
                confidence = .low
            }
        }
        return Judgement(confidence: confidence, reason: words.joined(separator: ", "))
    }

    /// A URL's password: graded as a password; for a local or documentation host (`localhost`,
    /// `example.com`), `low` and marked local.
    static func gradeURLPassword(_ candidate: Candidate) -> Judgement {
        var judgement = grade(Candidate(secret: candidate.secret, quoted: true), kind: .password)
        judgement.reason = "password of user `\(String(decoding: (candidate.key ?? []).prefix(40), as: UTF8.self))` in a URL, "
            + (judgement.reason ?? "")
        if URLCredentials.isLocalHost(after: candidate.after) {
            judgement.confidence = .low
            judgement.local = true
            judgement.reason = (judgement.reason ?? "") + ", for a local or example host"
        }
        return judgement
    }

    /// Fragments of keys that name something other than the secret (`password_length`,
    /// `token_url`, `secret_name`), compared in lower case.
    static let keyStopWords: [[UInt8]] = [
        "length", "_len", "minimum", "maximum", "policy", "field", "label", "hint", "prompt",
        "placeholder", "regex", "pattern", "reset", "forgot", "url", "uri", "endpoint", "path", "file",
        "type", "mode", "expir", "ttl", "timeout", "count", "attempt", "strength", "valid", "error",
        "message", "_msg", "text", "title", "desc", "enabled", "require", "param", "header", "format",
        "algorithm", "usage", "limit", "size", "version", "arn", "_ref", "column", "index", "class", "method",
        "tokenizer", "csrf", "xsrf", "next", "cursor", "public", "rotation", "generate", "bypass", "compass",
        "passthrough", "passenger", "passport", "_hash", "digest", "checksum", "encryption", "scheme",
        "style", "store", "cache", "provider",
        // What a password becomes or describes (`ROOT_PASSWORD_SHA2`, `PASS_ATTRS`, sudoers' `NOPASSWD`),
        // the value a test compares with (`expectedPassword`), and a constant's leading part (`bearerPrefix`).
        "sha1", "sha2", "sha5", "md5", "attr", "nopass", "expected", "prefix",
        // Keys that are not secret: of a database row, a sort, an object store, a host, a translation.
        "encrypted", "primary", "foreign", "sort", "partition", "idempot", "object", "host", "pub", "i18n",
        "translation", "locale", "annotation",
    ].map { Array($0.utf8) }

    /// Words that, inside a generic value, mark it as made up (compared in lower case).
    static let valueStopWords: [[UInt8]] = [
        "password", "passwd", "secret", "test", "dummy", "sample", "example", "fake", "mock", "demo",
        "foo", "default", "sandbox", "passphrase", "required", "passw", "secure",
    ].map { Array($0.utf8) }

    /// Whether a lower-cased value is made of a stop word (`p4ssw0rd` and `secr3t` too: digits
    /// read as the letters they stand for), or holds `pass` as a word of its own (`store-pass`,
    /// `pass@host`), as documentation and test values do.
    static func isStopWordValue(_ lower: [UInt8]) -> Bool {
        let letters = lower.map { byte -> UInt8 in
            switch byte {
            case UInt8(ascii: "4"), UInt8(ascii: "@"): UInt8(ascii: "a")
            case UInt8(ascii: "3"): UInt8(ascii: "e")
            case UInt8(ascii: "0"): UInt8(ascii: "o")
            case UInt8(ascii: "1"): UInt8(ascii: "i")
            case UInt8(ascii: "5"), UInt8(ascii: "$"): UInt8(ascii: "s")
            case UInt8(ascii: "7"): UInt8(ascii: "t")
            default: byte
            }
        }
        if valueStopWords.contains(where: { lower.contains($0) || letters.contains($0) }) { return true }
        let words = lower.split { !isLetter($0) }
        return words.contains { $0.elementsEqual("pass".utf8) }
    }

    /// A key and a value with only blanks between them are a C macro (`#define API_KEY "…"`);
    /// anywhere else (`the password "hunter2" is weak`) they are prose.
    static func isDefinitionOrAssignment(_ before: [UInt8], key: [UInt8]? = nil) -> Bool {
        var rest = keySide(before)
        // `Password = String(`: a constructor around the literal; the assignment is before it.
        if rest.last == UInt8(ascii: "(") {
            rest.removeLast()
            var name: [UInt8] = []
            while let last = rest.last, isLetter(last) || (last >= UInt8(ascii: "0") && last <= UInt8(ascii: "9")) || last == UInt8(ascii: "_") {
                name.insert(last, at: 0)
                rest.removeLast()
            }
            // `setPassword("…")`, `SetKey("…")`, `set_password("…")`: a setter assigns its argument.
            if name.count > 3, Placeholder.lowercased(Array(name.prefix(3))) == Array("set".utf8),
               name[3] == UInt8(ascii: "_") || (name[3] >= UInt8(ascii: "A") && name[3] <= UInt8(ascii: "Z")) {
                return true
            }
            // Any other call of the key (`getPassword("db")`, SQL's `PASSWORD('…')`) or of a lower-case
            // name reads or computes a value; a capitalised one after the key is a constructor around
            // the literal (`Password = String("…")`).
            if let key, key.hasSuffix(name) { return false }
            guard let first = name.first, first >= UInt8(ascii: "A") && first <= UInt8(ascii: "Z") else { return false }
            rest = keySide(Array(rest))
        }
        guard let last = rest.last, !"=:>".utf8.contains(last) else { return true }
        return rest.drop { space.contains($0) }.starts(with: "#define".utf8)
    }

    /// Whether a generic assignment's value looks like a real credential of `kind`.
    static func accepts(_ candidate: Candidate, kind: SecretRule.ValueKind, keyWords: [KeyWord]? = nil) -> Bool {
        let value = candidate.secret
        if let key = candidate.key {
            let lower = Placeholder.lowercased(key)
            if keyStopWords.contains(where: { lower.contains($0) }) { return false }
            if lower.hasSuffix(Array("id".utf8)) || lower.hasSuffix(Array("name".utf8)) { return false }
            // The key's own name as its value (`OK_ACCESS_PASSPHRASE = "OK-ACCESS-PASSPHRASE"`): a label.
            if alphanumerics(lower) == alphanumerics(Placeholder.lowercased(value)) { return false }
            if let keyWords, !holdsWord(key, of: keyWords) { return false }
        }
        if !candidate.quoted && !isAssignedValue(candidate) { return false }
        // A bare value running into a quote, a parenthesis or `&` is a query's parameter only after
        // `?` or `&` (`…?apiKey=…&size=20'`); elsewhere it is a piece of a string or of code
        // (`"password=incorrect\n" +`, `name="password" :rules="rules"`).
        if !candidate.quoted, candidate.key != nil, let next = candidate.after.first, "\"')&".utf8.contains(next),
           !isQueryParameter(candidate) {
            return false
        }
        if isTernaryBranch(candidate.before) || isConcatenation(value) { return false }
        // `.unknown`, `.none`: a member of an enumeration, not a value.
        if value.first == UInt8(ascii: "."), value.count > 1, isIdentifier(Array(value.dropFirst())) { return false }
        // `uid=user,userPassword=password`, `PASSWORD= FILTER=x`: an unquoted value that is itself
        // `name=value` is the next setting of a list, not this key's value.
        if !candidate.quoted && isSettingPair(value) { return false }
        if Placeholder.isPlaceholder(value) || Placeholder.isReference(value) || Placeholder.isWeakValue(value) {
            return false
        }
        let lower = Placeholder.lowercased(value)
        let classes = CharacterClasses(value)
        // A made-up word (`test`, `secret`, `demo`) inside a password is a sign of a sample, unless the
        // value is built like a real one (`Just4Test!`, `myP@ssW0rd`): three kinds of characters and
        // eight at least. Those are kept, graded low.
        if isStopWordValue(lower) && !(kind == .password && isBuiltLikePassword(value, classes: classes, quoted: candidate.quoted)) {
            return false
        }
        // `yourStrong(!)Password`, `yourpassword`: the reader is asked to put theirs there.
        if lower.starts(with: Array("your".utf8)) { return false }
        if lower.contains(Array("://".utf8)) { return false }
        if let first = value.first, first == UInt8(ascii: "/") || first == UInt8(ascii: "~")
            || value.starts(with: Array("./".utf8)) || value.starts(with: Array("../".utf8)) {
            return false
        }
        if isEnvironmentName(value) || looksLikeExpression(value) { return false }
        // `access-token-123`: a token that calls itself one is a test's stand-in.
        if kind == .token && lower.split(separator: UInt8(ascii: "-")).contains(where: { $0.elementsEqual("token".utf8) }) {
            return false
        }
        switch kind {
        case .password:
            if isTypeName(value) || isPasswordHash(value) { return false }
            if classes.count < 2 {
                // A quoted word (`"banana"`, `'sarama'`) is a password all the same, if a weak one:
                // graded low, never dropped for its shape alone. Unquoted, a lower-case word is a
                // literal only where configuration is written (`password: grafana` in YAML,
                // `DB_PASS=laradock` in an env file); in code it names a variable.
                // Digits alone need more variety than a word (`123123` is a pattern, `banana` a word).
                guard value.count >= 6, Entropy.shannon(value) >= (classes.digit ? 2.0 : 1.4) else { return false }
                return candidate.quoted || ((classes.lower || classes.digit) && endsConfigurationLine(candidate))
            }
            // Unquoted letters of both cases are a name in code (`password = userPass`), a literal
            // where configuration is written (`SONAR_PASSWORD=sonarPass`).
            // A type's name in camel case after a colon is a declaration (`class AuthUserPass : AuthMethod`).
            if !candidate.quoted && !(classes.digit || classes.symbol)
                && (!endsConfigurationLine(candidate) || isCamelCaseName(value)) { return false }
            // Short values cannot reach much entropy (seven characters hold at most 2.8 bits each):
            // three quarters of what their length allows, 2.5 bits at most.
            return Entropy.shannon(value) >= min(2.5, 0.75 * log2(Double(value.count)))
        case .token:
            guard value.count >= 16, !isPublicKeyDER(value) else { return false }
            // `ProgressBarOffset1Converter`: words in camel case, a name, even with a digit in it.
            if isCamelCaseName(value) { return false }
            // Hexadecimal (`4fb51e55e4b02e56a67b0b66`) draws on 16 symbols: a short random one reaches
            // less entropy per character than the 3.3 bits asked of other alphabets.
            if classes.digit && isHex(value) { return Entropy.shannon(value) >= 3.0 }
            if classes.digit && (classes.lower || classes.upper) { return Entropy.shannon(value) >= 3.3 }
            // One case of letters only, long and random (`gcperfxrtqymqmluvskxzyiy…`): words and names
            // of that length repeat their letters far more.
            if classes.count == 1 && !classes.digit && !classes.symbol && value.count >= 32 && Entropy.shannon(value) >= 4.0 {
                return candidate.quoted || endsConfigurationLine(candidate)
            }
            // Letters only, both cases, long and random (`kQwIOrYvnXmSDkwEiFngrKidMcdrgKor`), quoted or
            // in configuration: not a camel-case name (`someVerySecureString`, `TokenAccessCheckResult`),
            // whose capitals each start a word.
            guard candidate.quoted || !isIdentifier(value) || endsConfigurationLine(candidate), value.count >= 20,
                  classes.lower, classes.upper, !classes.symbol,
                  Entropy.shannon(value) >= 3.5 else { return false }
            return adjacentCapitals(value) >= 2
        }
    }

    /// A word a generic key must hold, lower case. A word that `standsAlone` needs a boundary on
    /// both sides; the others only at their end (`dbpassword`).
    struct KeyWord: Sendable {
        var word: [UInt8]
        var standsAlone: Bool

        init(_ word: String, standsAlone: Bool = false) {
            self.word = Array(word.utf8)
            self.standsAlone = standsAlone
        }
    }

    /// Words that name a password. The short ones are common inside other words (`lpass`,
    /// `passive`, `pwdb`), so they must stand alone.
    static let passwordWords = [
        KeyWord("password"), KeyWord("passwd"), KeyWord("passphrase"),
        KeyWord("pass", standsAlone: true), KeyWord("pwd", standsAlone: true),
    ]

    /// Whether `key` holds one of `words` as a word of its own: between non-letters, at either
    /// end, or at a camel-case boundary (`dbPassword`, `DB_PASS`, `pwd`; not `passthru`,
    /// `lpass_cpu`, `rx_pwdb_all`, `PASSIVE`).
    static func holdsWord(_ key: [UInt8], of words: [KeyWord]) -> Bool {
        let lower = Placeholder.lowercased(key)
        func isUpper(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") }
        /// A word boundary between `key[index - 1]` and `key[index]`.
        func boundary(at index: Int) -> Bool {
            if index == 0 || index == key.count { return true }
            let left = key[index - 1], right = key[index]
            return !isLetter(left) || !isLetter(right) || (!isUpper(left) && isUpper(right))
        }
        for keyWord in words {
            let word = keyWord.word
            var start = 0
            while start + word.count <= lower.count {
                if lower[start..<(start + word.count)].elementsEqual(word) {
                    let end = start + word.count
                    if boundary(at: end) && (!keyWord.standsAlone || boundary(at: start)) { return true }
                }
                start += 1
            }
        }
        return false
    }

    /// Whether an unquoted value ends its assignment: the line ends (or a comment starts), or
    /// more `key=value` pairs follow (`…;Password=…;Database=…`). A value followed by an
    /// operator is an expression (`pass = prev + 1`), an identifier closed by `;` or `,` is code
    /// (`.commit_pass2 = xlog_recover_commit,`), and words after `key: value` are prose
    /// (`echo "PASS: prefix route expired"`).
    static func isAssignedValue(_ candidate: Candidate) -> Bool {
        if isPassInProse(candidate.before) { return false }
        // `self.password = friendly_token`: a snake_case name after a spaced `=` is a variable of code.
        if isIdentifier(candidate.secret), candidate.secret.contains(UInt8(ascii: "_")),
           !candidate.secret.contains(where: { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) {
            let side = keySide(candidate.before)
            if side.last == UInt8(ascii: "="), side.dropLast().last.map(space.contains) == true,
               candidate.before.last.map(space.contains) == true {
                return false
            }
        }
        let after = candidate.after
        let rest = after.drop { space.contains($0) }
        guard let next = rest.first else { return true }
        // `--password=gitnavi123456 /data/backup`: a command-line flag's value ends at the blank.
        if isFlagValue(candidate) && rest.count < after.count { return true }
        let spaced = rest.count < after.count
        // `key = find_key(sym)`: a function called, not a value.
        if !spaced && next == UInt8(ascii: "(") { return false }
        // `encode_base64 shift, ''`: a name followed by another word is a call or prose.
        if spaced, isIdentifier(candidate.secret), isLetter(next) || next == UInt8(ascii: "$") { return false }
        // `Read-Host -AsSecureString`, `ConvertTo-SecureString '…'`: a command with its flags or
        // arguments, not a value.
        if spaced, isCommandName(candidate.secret),
           next == UInt8(ascii: "'") || next == UInt8(ascii: "\"")
            || (next == UInt8(ascii: "-") && rest.dropFirst().first.map(isLetter) == true) {
            return false
        }
        if next == UInt8(ascii: "#") && spaced { return true }
        if rest.starts(with: Array("//".utf8)) || (next == UInt8(ascii: "\\") && rest.count == 1) { return true }
        if next == UInt8(ascii: ";") || next == UInt8(ascii: ",") {
            guard isIdentifier(candidate.secret) else { return true }
            // Only another `key=value` pair after it keeps an identifier-shaped value an assignment.
            // Keys there start with a letter (`Database=`, `User Id=`), not a `.field` of C.
            let tail = rest.dropFirst().drop { space.contains($0) }
            guard let first = tail.first, isLetter(first) else { return false }
            let key = tail.prefix { byte in
                isLetter(byte) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || " _-".utf8.contains(byte)
            }
            return tail.dropFirst(key.count).first == UInt8(ascii: "=")
        }
        guard spaced else { return true }
        let operators = Array("+*/%|^<>=?:".utf8)
        if operators.contains(next) || (next == UInt8(ascii: "-") && rest.dropFirst().first.map(space.contains) == true) {
            return false
        }
        // `key: value more words`: prose, not a YAML or header value.
        return keySide(candidate.before).last != UInt8(ascii: ":")
    }

    /// Letters and digits only: `OK-ACCESS-PASSPHRASE` and `ok_access_passphrase` compare equal.
    static func alphanumerics(_ value: [UInt8]) -> [UInt8] {
        value.filter { isLetter($0) || ($0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9")) }
    }

    /// `cond ? 'pass' : 'cancel'`: a quoted word before a colon that follows a `?` is the branch of
    /// a conditional expression, not a key.
    static func isTernaryBranch(_ before: [UInt8]) -> Bool {
        var rest = keySide(before)
        guard rest.last == UInt8(ascii: ":") else { return false }
        rest.removeLast()
        while let last = rest.last, space.contains(last) { rest.removeLast() }
        guard let quote = rest.last, quote == UInt8(ascii: "'") || quote == UInt8(ascii: "\"") else { return false }
        rest.removeLast()
        guard let open = rest.lastIndex(of: quote) else { return false }
        var head = rest[..<open]
        while let last = head.last, space.contains(last) { head.removeLast() }
        return head.last == UInt8(ascii: "?")
    }

    /// `"&password=" + value(…)`: the text between a string's closing and its next opening quote
    /// is code joining strings (it starts with `+` or `.`, or ends with a call's `(`), not a value.
    static func isConcatenation(_ value: [UInt8]) -> Bool {
        guard let first = value.first, let last = value.last else { return false }
        return first == UInt8(ascii: "+") || last == UInt8(ascii: "(") || (first == UInt8(ascii: ".") && value.count > 1
            && (value[1] == UInt8(ascii: " ") || isLetter(value[1])) && value.contains(UInt8(ascii: "(")))
    }

    /// `uid=user`, `FILTER=integration`: a name, `=` and more: another setting. A value merely
    /// ending in `=` (base64 padding) is not one.
    static func isSettingPair(_ value: [UInt8]) -> Bool {
        guard let equals = value.firstIndex(of: UInt8(ascii: "=")), equals >= 2, equals + 1 < value.count,
              value[equals + 1] != UInt8(ascii: "=") else { return false }
        let name = value[..<equals]
        guard let first = name.first, isLetter(first) else { return false }
        return name.allSatisfy { isLetter($0) || ($0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9")) || $0 == UInt8(ascii: "_") }
    }

    /// A value holding a made-up word that is still built as a real password: three kinds of
    /// characters and eight at least (`Just4Test!`, `myP@ssW0rd`), or one long quoted word
    /// (`testpasswordtwo`, `userpassword`). Kept, graded low.
    /// A made-up word standing as a word of its own between separators (`Seed-Password-`,
    /// `seed-password-0`, `my_test_secret`, `pass_OPT`, `required|min:8`) names the value for what it
    /// is: not kept. Nor is a long word that boasts of being secret (`supersecret`): that is how
    /// documentation and tests write a value they made up.
    static func isBuiltLikePassword(_ value: [UInt8], classes: CharacterClasses, quoted: Bool) -> Bool {
        let lower = Placeholder.lowercased(value)
        let words = lower.split { !isLetter($0) && !($0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9")) }
        if words.contains(where: { word in
            word.elementsEqual("pass".utf8) || valueStopWords.contains { $0.elementsEqual(word) }
        }) { return false }
        if classes.count >= 3 && value.count >= 8 { return true }
        return quoted && classes.count == 1 && classes.lower && value.count >= 9 && !lower.contains(Array("secret".utf8))
    }

    /// Whether an unquoted value is the whole value of a YAML (`key: value`) or env-file
    /// (`KEY=value`) line: nothing but a comment after it, a blank after a colon, none before an
    /// equals sign (`password = value` with blanks is code).
    static func endsConfigurationLine(_ candidate: Candidate) -> Bool {
        let rest = candidate.after.drop { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
        if let next = rest.first, next != UInt8(ascii: "\n"), next != UInt8(ascii: "\r") {
            guard next == UInt8(ascii: "#"), rest.count < candidate.after.count else { return false }
        }
        guard let last = candidate.before.last else { return false }
        let side = keySide(candidate.before)
        switch side.last {
        case UInt8(ascii: ":"): return space.contains(last)
        case UInt8(ascii: "="): return !space.contains(last) && side.dropLast().last.map { !space.contains($0) } == true
        default: return false
        }
    }

    /// `# Final pass: rename/move`: the word "pass" after another word and before a colon is
    /// prose (a first pass, a second pass), not a key. Only this short word: "Your password:"
    /// in a document still introduces one.
    static func isPassInProse(_ before: [UInt8]) -> Bool {
        var rest = keySide(before)
        guard rest.last == UInt8(ascii: ":") else { return false }
        rest.removeLast()
        let length = rest.reversed().prefix { isLetter($0) }.count
        guard length == 4, Placeholder.lowercased(Array(rest.suffix(length))) == Array("pass".utf8) else { return false }
        let gap = rest.dropLast(length)
        let word = gap.reversed().drop { $0 == UInt8(ascii: " ") }.first
        return gap.last == UInt8(ascii: " ") && word.map(isLetter) == true
    }

    /// What stands before a value on its line, without the blanks and the opening quote between:
    /// it ends with the separator (`=`, `:`, `=>`) or, in a macro, with the key.
    static func keySide(_ before: [UInt8]) -> ArraySlice<UInt8> {
        var rest = before[...]
        while let last = rest.last, space.contains(last) || "\"'`".utf8.contains(last) { rest.removeLast() }
        return rest
    }

    /// Blanks that may surround a value on its line.
    static let space: Set<UInt8> = [UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"), UInt8(ascii: "\n")]

    /// An ASCII letter, either case.
    static func isLetter(_ byte: UInt8) -> Bool {
        (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z")
    }

    /// `ProgressBarOffset1Converter`, `someVerySecureString`: letters and digits where every capital
    /// starts a word of at least two small letters, two capitals at least.
    static func isCamelCaseName(_ value: [UInt8]) -> Bool {
        func isUpper(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") }
        func isLower(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z") }
        guard let first = value.first, isLetter(first) else { return false }
        var capitals = 0
        for (index, byte) in value.enumerated() {
            if isUpper(byte) {
                capitals += 1
                guard index + 2 < value.count, isLower(value[index + 1]), isLower(value[index + 2]) else { return false }
            } else if !isLower(byte) && !(byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) {
                return false
            }
        }
        // Few digits: a name numbers a thing once (`Offset1`), a key scatters them.
        let digits = value.filter { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }.count
        return capitals >= 2 && digits <= 2
    }

    /// What a value under a name ending in `key` must also be, since such names are everywhere in
    /// code (map keys, struct tags, cache keys, file names): the characters of an encoded key only
    /// (no `,` of a tag's options, no `$` of a template), not a UUID naming a record, not a domain
    /// path (`authorization.k8s.io/reason`), not calling itself a key (`base64-encoded-DKIM-key`),
    /// digits scattered through it, on a line of source rather than minified code, under a name
    /// that is not the end of a path (`manifests/key.pp`) or an XML attribute (`x:Key`).
    static func isKeyValue(_ candidate: Candidate) -> Bool {
        let value = candidate.secret
        if isUUID(value) { return false }
        guard value.allSatisfy({ Placeholder.isAlphanumeric($0) || "+/=_.~-".utf8.contains($0) }) else { return false }
        if value.contains(UInt8(ascii: ".")) && value.contains(UInt8(ascii: "/")) { return false }
        if Placeholder.lowercased(value).split(separator: UInt8(ascii: "-")).contains(where: { $0.elementsEqual("key".utf8) }) {
            return false
        }
        let classes = CharacterClasses(value)
        let digits = value.filter { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }.count
        if classes.digit && !(classes.lower && classes.upper) && digits < 2 { return false }
        if candidate.before.count + candidate.after.count > 1000 { return false }
        if let key = candidate.key {
            // Names the secret and API key rules read (`secret_key_base`, `signingKey`, `apiKey`) are theirs.
            let lower = Placeholder.lowercased(key)
            if namesOfOtherRules.contains(where: { lower.contains($0) }) { return false }
            let before = candidate.before
            var index = before.count - key.count
            while index >= 0 && !before[index..<(index + key.count)].elementsEqual(key) { index -= 1 }
            if index > 0, before[index - 1] == UInt8(ascii: "/") || before[index - 1] == UInt8(ascii: ":") { return false }
        }
        return true
    }

    /// Whether the text before an SQL password names an account: a word `user`, `role`, `login`,
    /// `grant` or `for` (`SET PASSWORD FOR`), or `password` itself (`WITH PASSWORD`, `SET PASSWORD =`).
    static func namesAccount(_ before: [UInt8]) -> Bool {
        let words = Placeholder.lowercased(before).split { !isLetter($0) }
        let account = ["user", "role", "login", "grant", "for", "password"].map { Array($0.utf8) }
        return words.contains { word in account.contains { $0.elementsEqual(word) } }
    }

    /// `MIIBIjANBgkqhkiG9w0BAQEFAAOC…`, `MFkwEwYHKoZIzj0CAQ…`: the DER header of a public key
    /// (SubjectPublicKeyInfo of RSA, EC or Ed25519) in base64. Public by design, not a secret.
    static func isPublicKeyDER(_ value: [UInt8]) -> Bool {
        let markers = ["9w0BAQEFAAOC", "9w0BAQEFAA4G", "MFkwEwYHKoZIzj0CAQ", "MHYwEAYHKoZIzj0CAQ", "MIGbMBAGByqGSM49AgE",
                       "MCowBQYDK2VwAyEA"].map { Array($0.utf8) }
        return markers.contains { marker in value.prefix(40).contains(marker) }
    }

    /// Hexadecimal digits of one case, letters among them.
    static func isHex(_ value: [UInt8]) -> Bool {
        let lower = value.allSatisfy { ($0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9")) || ($0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "f")) }
        let upper = value.allSatisfy { ($0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9")) || ($0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "F")) }
        return (lower || upper) && value.contains { $0 >= UInt8(ascii: "A") }
    }

    /// Words of key names that the secret and API key rules judge.
    static let namesOfOtherRules: [[UInt8]] = ["secret", "private", "signing", "master", "encryption", "api", "access",
                                               "auth", "subscription"].map { Array($0.utf8) }

    /// `14F17379-EB8F-411B-8F12-6929002DCA76`: the 8-4-4-4-12 hexadecimal shape of a UUID.
    static func isUUID(_ value: [UInt8]) -> Bool {
        guard value.count == 36 else { return false }
        for (index, byte) in value.enumerated() {
            if [8, 13, 18, 23].contains(index) {
                guard byte == UInt8(ascii: "-") else { return false }
            } else {
                guard Placeholder.isAlphanumeric(byte), (byte | 0x20) <= UInt8(ascii: "f") || byte <= UInt8(ascii: "9") else {
                    return false
                }
            }
        }
        return true
    }

    /// `?apiKey=value`, `&token=value`: the key is a parameter of a URL's query.
    static func isQueryParameter(_ candidate: Candidate) -> Bool {
        guard let key = candidate.key else { return false }
        var side = keySide(candidate.before)
        guard side.last == UInt8(ascii: "=") else { return false }
        side.removeLast()
        guard side.suffix(key.count).elementsEqual(key), let mark = side.dropLast(key.count).last else { return false }
        return mark == UInt8(ascii: "?") || mark == UInt8(ascii: "&")
    }

    /// `--password=value`: the key is a long command-line flag written with `=`.
    static func isFlagValue(_ candidate: Candidate) -> Bool {
        guard let key = candidate.key else { return false }
        var side = keySide(candidate.before)
        guard side.last == UInt8(ascii: "=") else { return false }
        side.removeLast()
        guard side.suffix(key.count).elementsEqual(key) else { return false }
        // The key may hold the dashes itself (`--password`), or follow them.
        let flag = key.starts(with: "--".utf8) ? side : side.dropLast(key.count)
        let head = key.starts(with: "--".utf8) ? side.dropLast(key.count) : side.dropLast(key.count + 2)
        guard flag.count >= 2, key.starts(with: "--".utf8) || side.dropLast(key.count).suffix(2).elementsEqual("--".utf8) else { return false }
        return head.last.map(space.contains) ?? true
    }

    /// `Read-Host`, `ConvertTo-SecureString`: a command's name, letters and dashes, starting with a letter.
    static func isCommandName(_ value: [UInt8]) -> Bool {
        guard let first = value.first, isLetter(first) else { return false }
        return value.allSatisfy { isLetter($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") }
    }

    /// `name`, `ns.name`, `_name2`: letters, digits, `_` and `.`, not starting with a digit.
    static func isIdentifier(_ value: [UInt8]) -> Bool {
        guard let first = value.first, !(first >= UInt8(ascii: "0") && first <= UInt8(ascii: "9")) else { return false }
        return value.allSatisfy { byte in
            isLetter(byte) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ".")
        }
    }

    /// Fragments of regular expressions and format strings: a value holding one is a pattern
    /// describing secrets (a scanner's own rules), not a secret.
    static let expressionMarkers: [[UInt8]] = ["(?", "]{", "[a-z", "[a-f", "[A-Z", "[0-9", "\\d", "\\w", "\\s", "\\.", "]+", "]*"]
        .map { Array($0.utf8) }

    static func looksLikeExpression(_ value: [UInt8]) -> Bool {
        expressionMarkers.contains { value.contains($0) }
    }

    /// `SOME_VARIABLE_NAME`: upper case, digits and underscores with at least one underscore.
    static func isEnvironmentName(_ value: [UInt8]) -> Bool {
        value.contains(UInt8(ascii: "_")) && value.allSatisfy { byte in
            (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
                || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "_")
        }
    }

    /// The user and password a Basic credential decodes to (`user:password`, a trailing newline
    /// of `echo … | base64` dropped), or `nil` when it is not one.
    static func basicPair(_ encoded: [UInt8]) -> (user: [UInt8], password: [UInt8])? {
        guard var decoded = Base64.decode(encoded) else { return nil }
        while let last = decoded.last, last == UInt8(ascii: "\n") || last == UInt8(ascii: "\r") { decoded.removeLast() }
        guard let colon = decoded.firstIndex(of: UInt8(ascii: ":")), decoded.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) else {
            return nil
        }
        return (Array(decoded[..<colon]), Array(decoded[(colon + 1)...]))
    }

    /// Whether a Basic credential decodes to `user:password` with a password that is not a
    /// placeholder, a reference or the word "password". Weak passwords are kept, graded low.
    static func isBasicCredential(_ encoded: [UInt8]) -> Bool {
        guard let (user, password) = basicPair(encoded), !user.isEmpty, password.count >= 3 else { return false }
        if Placeholder.isPlaceholder(password) || Placeholder.isReference(password) { return false }
        return Placeholder.lowercased(password) != Array("password".utf8)
    }

    /// A Basic credential's password, graded as a password.
    static func gradeBasic(_ candidate: Candidate) -> Judgement {
        guard let (user, password) = basicPair(candidate.secret) else { return Judgement(confidence: .low) }
        var judgement = grade(Candidate(secret: password, quoted: true), kind: .password)
        if isStopWordValue(Placeholder.lowercased(password)) || Placeholder.isWeakValue(password) { judgement.confidence = .low }
        judgement.reason = "decodes to the password of user `\(String(decoding: user.prefix(40), as: UTF8.self))`, "
            + (judgement.reason ?? "")
        return judgement
    }

    /// How many times two capitals follow each other: random mixed-case text has them, camel-case
    /// names rarely do.
    static func adjacentCapitals(_ value: [UInt8]) -> Int {
        func isUpper(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") }
        return zip(value, value.dropFirst()).filter { isUpper($0) && isUpper($1) }.count
    }

    /// A password hash as stored by a system (`sha1$…`, `$2a$…`, `pbkdf2_sha256$…`, `{SSHA}…`): what
    /// a password becomes, not the password.
    static func isPasswordHash(_ value: [UInt8]) -> Bool {
        let lower = Placeholder.lowercased(value)
        let prefixes = ["$2a$", "$2b$", "$2y$", "$1$", "$5$", "$6$", "$argon2", "{ssha}", "{sha}", "{bcrypt}", "{crypt}",
                        "{md5}", "{pbkdf2}", "pbkdf2_", "sha1$", "md5$", "bcrypt$", "argon2$", "scrypt:"]
        return prefixes.contains { lower.starts(with: Array($0.utf8)) }
    }

    /// `String!`, `String?`, `[String]`: a type in a schema or signature, not a value.
    static func isTypeName(_ value: [UInt8]) -> Bool {
        var core = value[...]
        while let last = core.last, "!?]".utf8.contains(last) { core.removeLast() }
        while let first = core.first, first == UInt8(ascii: "[") { core.removeFirst() }
        guard let first = core.first, first >= UInt8(ascii: "A") && first <= UInt8(ascii: "Z"), core.count < value.count else {
            return false
        }
        // A type's name is a word or two in camel case (`String`, `SecretInput`), not random letters.
        return core.allSatisfy(isLetter) && adjacentCapitals(Array(core)) == 0
    }

    /// Whether a URL's password part looks real: not a template, not the user name, not a
    /// well-known default.
    static func isURLPassword(_ candidate: Candidate) -> Bool {
        let value = candidate.secret
        if let user = candidate.key, Placeholder.lowercased(user) == Placeholder.lowercased(value) { return false }
        if Placeholder.isPlaceholder(value) || Placeholder.isReference(value) || Placeholder.isWeakValue(value) {
            return false
        }
        // People write passwords in URLs percent-encoded (`p%40ssword`): judged decoded.
        if isStopWordValue(Placeholder.lowercased(PercentEncoding.decodedBytes(value))) { return false }
        // `MY_GITHUB_TOKEN`, `APITOKEN`: a name in capitals stands for a value to put there.
        if isEnvironmentName(value) || (value.count >= 4 && value.allSatisfy { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") }) {
            return false
        }
        if URLCredentials.isDocumentationHost(after: candidate.after) { return false }
        if value.allSatisfy({ $0 == UInt8(ascii: "*") || $0 == UInt8(ascii: "x") || $0 == UInt8(ascii: "X") }) {
            return false
        }
        return value.count >= 6 && Entropy.shannon(value) >= 2.5
    }
}

extension Array where Element == UInt8 {
    func hasSuffix(_ suffix: [UInt8]) -> Bool {
        count >= suffix.count && Array(self[(count - suffix.count)...]) == suffix
    }
}
