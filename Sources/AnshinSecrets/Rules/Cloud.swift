import AnshinCore
import Foundation

// Cloud providers: AWS, Google Cloud, Azure and the smaller clouds a startup runs on.
// Formats: AWS IAM "Understanding unique ID prefixes"; Google Cloud API keys and service-account
// key files; Microsoft Entra client secrets and Azure Storage connection strings.

extension SecretRule {
    // MARK: AWS

    /// Four-letter prefixes of long-term (AKIA) and temporary (ASIA) access key ids, and of the
    /// rarer ABIA/ACCA; the rest is base32 (AWS IAM, unique ID prefixes).
    static let awsKeyIDExpression = "(?:AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16}"

    static let awsAccessKeyID = SecretRule.prefixed(
        id: "secret-aws-access-key-id", title: "AWS access key id", severity: .high,
        token: awsKeyIDExpression, right: "[A-Za-z0-9]", entropy: 3.0,
        remediation: Advice.revoke("Find the key in IAM (`aws iam list-access-keys`, or CloudTrail's "
            + "`lookup-events` on the AccessKeyId), deactivate it, create a new one or better move the "
            + "workload to a role, and delete the old key."),
        references: ["https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-unique-ids",
                     "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html"],
        samples: { g in [
            "AWS_ACCESS_KEY_ID=" + "AK" + "IA" + g.string(16, from: SampleGenerator.base32),
            "\"AccessKeyId\": \"" + "AS" + "IA" + g.string(16, from: SampleGenerator.base32) + "\"",
        ] },
        negatives: { g in [
            "aws_access_key_id = " + "AK" + "IA" + "IOSFODNN7" + "EXAMPLE",
            "id: " + "AK" + "IA" + g.string(16, from: SampleGenerator.base32) + "ab12",
            "AKIA" + "0000111122223333",
        ] })

    static let awsSecretAccessKey = SecretRule.keyed(
        id: "secret-aws-secret-access-key", title: "AWS secret access key", severity: .critical,
        keyword: #"aws_?secret_?(?:access_?)?key|secret_?access_?key|aws_?secret|secretkey"#,
        secret: "[A-Za-z0-9/+]{40}", alphabet: "[A-Za-z0-9/+=]", gap: 30, entropy: 4.0,
        checks: [.characterClasses(3)],
        remediation: Advice.revoke("Deactivate and delete the access key pair in IAM (the secret cannot be "
            + "rotated alone), create a new pair or move the workload to a role."),
        references: ["https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html"],
        samples: { g in [
            "aws_secret_access_key = " + g.base64(40),
            "\"SecretAccessKey\": \"" + g.base64(40) + "\",",
            "export AWS_SECRET_ACCESS_KEY='" + g.base64(40) + "'",
        ] },
        negatives: { g in [
            "aws_secret_access_key = " + "wJalrXUtnFEMI/K7MDENG/bPxRfiCY" + "EXAMPLEKEY",
            "aws_secret_access_key = " + g.hex(40),
            "aws_secret_access_key = ${AWS_SECRET_ACCESS_KEY}",
            "aws_secret_access_key = " + g.base64(44),
        ] })

    static let awsAccessKeyPair = SecretRule(
        id: "secret-aws-access-key-pair", title: "AWS access key id with its secret access key",
        severity: .critical, pattern: nil,
        pairing: Pairing(
            primary: "secret-aws-access-key-id", secondary: "secret-aws-secret-access-key", withinLines: 5,
            bareSecondary: #"(?<![A-Za-z0-9/+=])([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])"#,
            bareChecks: [.notPlaceholder, .minEntropy(4.2), .characterClasses(3)]),
        remediation: Advice.revoke("Both halves of an AWS key are exposed: anyone can sign requests as this "
            + "IAM user. Deactivate the key now (`aws iam update-access-key --status Inactive`), check "
            + "CloudTrail for its use, then delete it."),
        references: ["https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html",
                     "https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html"],
        samples: { g in
            let id = { "AK" + "IA" + g.string(16, from: SampleGenerator.base32) }
            return [
                "[default]\naws_access_key_id = " + id() + "\naws_secret_access_key = " + g.base64(40) + "\n",
                "User name,Password,Access key ID,Secret access key\ndeploy,," + id() + "," + g.base64(40) + "\n",
                "provider \"aws\" {\n  access_key = \"" + id() + "\"\n  secret_key = \"" + g.base64(40) + "\"\n}\n",
            ]
        },
        negatives: { g in [
            "aws_access_key_id = " + "AK" + "IA" + g.string(16, from: SampleGenerator.base32)
                + "\n\n\n\n\n\n\n\naws_secret_access_key = " + g.base64(40),
            "aws_access_key_id = " + "AK" + "IA" + g.string(16, from: SampleGenerator.base32) + "\ncommit " + g.hex(40),
        ] })

    static let awsSessionToken = SecretRule.prefixed(
        id: "secret-aws-session-token", title: "AWS temporary session token", severity: .medium,
        token: #"(?:IQoJb3JpZ2luX2Vj|FwoGZXIvYXdzE)[A-Za-z0-9/+]{100,2000}={0,2}"#, right: "[A-Za-z0-9/+=]",
        entropy: 4.5,
        remediation: Advice.revoke("Session tokens expire on their own (at most 36 hours); if this one may "
            + "still be valid, revoke the role's active sessions (IAM console: Revoke active sessions) and "
            + "find out how the token was captured."),
        references: ["https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_temp_control-access_disable-perms.html"],
        samples: { g in [
            "aws_session_token = " + "IQoJb3JpZ2lu" + "X2Vj" + g.base64(300),
            "AWS_SESSION_TOKEN=" + "FwoGZXIv" + "YXdzE" + g.base64(250) + "==",
        ] },
        negatives: { g in [
            "aws_session_token = " + "IQoJb3JpZ2lu" + "X2Vj" + g.base64(40),
            "aws_session_token = " + "IQoJb3JpZ2lu" + "X2Vj" + String(repeating: "A", count: 200),
        ] })

    static let awsBedrockAPIKey = SecretRule.prefixed(
        id: "secret-aws-bedrock-api-key", title: "Amazon Bedrock API key", severity: .high,
        token: #"ABSKQmVkcm9ja0FQSUtleS[A-Za-z0-9+/]{40,300}={0,2}"#, right: "[A-Za-z0-9+/=]", entropy: 4.0,
        remediation: Advice.revoke("Delete the Bedrock API key (IAM console, the user's Bedrock API keys, or "
            + "`aws iam delete-service-specific-credential`)."),
        references: ["https://docs.aws.amazon.com/bedrock/latest/userguide/api-keys.html"],
        samples: { g in [
            "AWS_BEARER_TOKEN_BEDROCK=" + "ABSKQmVk" + "cm9ja0FQSUtleS" + g.base64(110) + "=",
        ] },
        negatives: { g in ["ABSK" + g.base64(20)] })

    static let awsMWSAuthToken = SecretRule.prefixed(
        id: "secret-amazon-mws-auth-token", title: "Amazon Marketplace Web Service auth token", severity: .high,
        token: #"amzn\.mws\.[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"#, right: "[A-Za-z0-9-]",
        remediation: Advice.revoke("Revoke the developer's access in Seller Central (Apps and Services > "
            + "Manage Your Apps) and authorise again."),
        references: ["https://developer-docs.amazon.com/sp-api/docs/migrating-from-mws-to-sp-api"],
        samples: { g in ["MWS_AUTH_TOKEN=" + "amzn" + ".mws." + g.uuid()] },
        negatives: { _ in ["amzn" + ".mws." + "00000000-0000-0000-0000-000000000000"] })

    // MARK: Google Cloud

    static let gcpAPIKey = SecretRule.prefixed(
        id: "secret-gcp-api-key", title: "Google Cloud API key", severity: .high,
        token: "AIza[0-9A-Za-z_-]{35}", right: "[A-Za-z0-9_-]", entropy: 3.5,
        remediation: Advice.revoke("Delete or regenerate the key in Google Cloud console (APIs & Services > "
            + "Credentials); keys that must ship to browsers need application and API restrictions."),
        references: ["https://cloud.google.com/docs/authentication/api-keys"],
        samples: { g in [
            "GOOGLE_API_KEY=" + "AI" + "za" + g.base64URL(35),
            "const firebaseConfig = { apiKey: \"" + "AI" + "za" + g.base64URL(35) + "\" };",
        ] },
        negatives: { g in [
            "AI" + "za" + g.base64URL(30),
            "AI" + "za" + "SyXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX",
        ] })

    static let gcpServiceAccountKey = SecretRule(
        id: "secret-gcp-service-account-key", title: "Google Cloud service-account key file", severity: .critical,
        pattern: #""private_key"\s*:\s*"-----BEGIN (?:RSA )?PRIVATE KEY-----"#,
        extractor: .regex(#""private_key"\s*:\s*"(?<secret>-----BEGIN (?:RSA )?PRIVATE KEY-----(?:\\[nr]|[A-Za-z0-9+/=])+?-----END (?:RSA )?PRIVATE KEY-----(?:\\n)?)""#),
        checks: [.custom("key body", { Text.armouredBody($0.secret[...]).count >= 64 })],
        identity: .armouredBody,
        keywords: ["service_account", "gserviceaccount.com"], keywordRadius: 4096,
        specificity: .document,
        remediation: Advice.revoke("Delete the key in IAM & Admin > Service accounts > Keys (`gcloud iam "
            + "service-accounts keys delete KEY_ID`); prefer workload identity federation over key files."),
        references: ["https://cloud.google.com/iam/docs/keys-create-delete",
                     "https://cloud.google.com/iam/docs/best-practices-for-managing-service-account-keys"],
        samples: { g in [
            ServiceAccountSample.json(g),
        ] },
        negatives: { g in [
            ServiceAccountSample.json(g).replacingOccurrences(of: "service_account", with: "authorized_user")
                .replacingOccurrences(of: "gserviceaccount.com", with: "example.org"),
            "{\"type\": \"service_account\", \"private_key\": \"" + KeySample.begin("PRIVATE KEY") + "\\n...\\n"
                + KeySample.end("PRIVATE KEY") + "\\n\"}",
        ] })

    static let gcpOAuthClientSecret = SecretRule.prefixed(
        id: "secret-gcp-oauth-client-secret", title: "Google OAuth client secret", severity: .high,
        token: "GOCSPX-[A-Za-z0-9_-]{28}", right: "[A-Za-z0-9_-]",
        remediation: Advice.revoke("Reset the client secret in Google Cloud console (APIs & Services > "
            + "Credentials > the OAuth client > Reset secret)."),
        references: ["https://support.google.com/cloud/answer/6158849"],
        samples: { g in ["\"client_secret\": \"" + "GOC" + "SPX-" + g.base64URL(28) + "\""] },
        negatives: { g in ["GOC" + "SPX-" + g.base64URL(20)] })

    static let googleOAuthRefreshToken = SecretRule.prefixed(
        id: "secret-google-oauth-refresh-token", title: "Google OAuth refresh token", severity: .high,
        token: "1//0[A-Za-z0-9_-]{60,200}", right: "[A-Za-z0-9_-]", entropy: 4.0,
        remediation: Advice.revoke("Revoke the grant (https://myaccount.google.com/permissions, or POST the "
            + "token to https://oauth2.googleapis.com/revoke)."),
        references: ["https://developers.google.com/identity/protocols/oauth2/web-server#tokenrevoke"],
        samples: { g in ["\"refresh_token\": \"" + "1/" + "/0" + g.base64URL(99) + "\""] },
        negatives: { g in ["path = \"1/" + "/0" + g.base64URL(20) + "\""] })

    static let googleOAuthAccessToken = SecretRule.prefixed(
        id: "secret-google-oauth-access-token", title: "Google OAuth access token", severity: .medium,
        token: #"ya29\.[A-Za-z0-9_-]{50,300}"#, right: "[A-Za-z0-9_-]", entropy: 4.0,
        remediation: Advice.revoke("The token expires within an hour; revoke it now at "
            + "https://oauth2.googleapis.com/revoke and find where it was captured."),
        references: ["https://developers.google.com/identity/protocols/oauth2"],
        samples: { g in ["Authorization: Bearer " + "ya" + "29." + g.base64URL(120)] },
        negatives: { g in ["ya" + "29." + g.base64URL(20)] })

    // MARK: Azure

    static let azureStorageAccountKey = SecretRule.keyed(
        id: "secret-azure-storage-account-key", title: "Azure Storage or Cosmos DB account key", severity: .critical,
        keyword: #"AccountKey|storage_?account_?key|primary_?(?:access_?|master_?)?key|azure_?storage_?(?:account_?)?key|cosmos\w{0,20}key"#,
        secret: "[A-Za-z0-9+/]{86}==", alphabet: "[A-Za-z0-9+/=]", gap: 20, entropy: 4.5,
        remediation: Advice.revoke("Rotate the key in the portal (Storage account or Cosmos DB account > "
            + "Access keys > Rotate key), or `az storage account keys renew`; prefer Entra ID auth and SAS "
            + "with short expiry."),
        references: ["https://learn.microsoft.com/azure/storage/common/storage-account-keys-manage"],
        samples: { g in [
            "DefaultEndpointsProtocol=https;AccountName=acmeprd;AccountKey=" + g.base64(86) + "==;EndpointSuffix=core.windows.net",
            "AZURE_STORAGE_KEY=" + g.base64(86) + "==",
        ] },
        negatives: { g in [
            "AccountKey=" + g.base64(40) + "==",
            "AccountKey=" + String(repeating: "A", count: 86) + "==",
        ] })

    static let azureEntraClientSecret = SecretRule(
        id: "secret-azure-entra-client-secret", title: "Microsoft Entra ID (Azure AD) client secret", severity: .high,
        pattern: #"(?<secret>[A-Za-z0-9_~.-]{3}[0-9]Q~[A-Za-z0-9_~.-]{31,34})"#,
        extractor: .regex(#"(?<![A-Za-z0-9_~.-])(?<secret>[A-Za-z0-9_~.-]{3}[0-9]Q~[A-Za-z0-9_~.-]{31,34})(?![A-Za-z0-9_~.-])"#),
        checks: [.notPlaceholder, .minEntropy(3.8), .mixedLettersAndDigits],
        remediation: Advice.revoke("Delete the secret in Entra ID > App registrations > the app > Certificates "
            + "& secrets, add a new one (or move to a certificate or federated credential)."),
        references: ["https://learn.microsoft.com/entra/identity-platform/howto-create-service-principal-portal"],
        samples: { g in [
            "AZURE_CLIENT_SECRET=" + g.alnum(3) + "8Q" + "~" + g.string(34, from: SampleGenerator.alphanumeric + "_~.-"),
        ] },
        negatives: { g in ["version " + g.alnum(3) + "8Q" + "~" + "short"] })

    static let azureSharedAccessKey = SecretRule.keyed(
        id: "secret-azure-shared-access-key", title: "Azure Service Bus, Event Hubs or IoT Hub shared access key",
        severity: .high,
        keyword: "SharedAccessKey=", secret: "[A-Za-z0-9+/]{42,43}=", alphabet: "[A-Za-z0-9+/=]", gap: 0,
        entropy: 4.2,
        remediation: Advice.revoke("Regenerate the key of the shared access policy (portal > the namespace or "
            + "hub > Shared access policies > Regenerate), then update its users."),
        references: ["https://learn.microsoft.com/azure/service-bus-messaging/service-bus-sas"],
        samples: { g in [
            "Endpoint=sb://acme.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=" + g.base64(43) + "=",
        ] },
        negatives: { _ in ["SharedAccessKey=<your-key>"] })
}

/// Builds the service-account JSON sample at run time.
enum ServiceAccountSample {
    static func json(_ g: SampleGenerator) -> String {
        let body = (0..<12).map { _ in g.base64(64) }.joined(separator: "\\n")
        return """
        {
          "type": "service_account",
          "project_id": "acme-prd",
          "private_key_id": "\(g.hex(40))",
          "private_key": "\(KeySample.begin("PRIVATE KEY"))\\n\(body)\\n\(KeySample.end("PRIVATE KEY"))\\n",
          "client_email": "deploy@acme-prd.iam.gserviceaccount.com"
        }
        """
    }
}
