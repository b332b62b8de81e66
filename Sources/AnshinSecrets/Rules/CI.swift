import AnshinCore

// Continuous integration, code quality and build tools.

extension SecretRule {
    static let bitbucketAppPassword = token(
        "secret-bitbucket-app-password", "Bitbucket app password or API token", .high, "ATBB[A-Za-z0-9_=.-]{32,64}",
        right: "[A-Za-z0-9_=.-]", entropy: 3.8, variable: "BITBUCKET_APP_PASSWORD",
        revoke: "Revoke the app password in Bitbucket (Personal settings > App passwords).",
        reference: "https://support.atlassian.com/bitbucket-cloud/docs/app-passwords/",
        sample: { "AT" + "BB" + $0.alnum(32) + $0.upperHex(8) }, negative: { "AT" + "BB" + $0.alnum(10) })

    static let circleCIToken = token(
        "secret-circleci-token", "CircleCI personal or project API token", .high,
        "CCIP(?:AT|RJ)_[A-Za-z0-9]{22}_[a-f0-9]{40}", entropy: 3.8, variable: "CIRCLECI_TOKEN",
        revoke: "Delete the token in CircleCI (User settings > Personal API Tokens, or the project's API "
            + "Permissions).",
        reference: "https://circleci.com/docs/managing-api-tokens/",
        sample: { "CCI" + "PAT_" + $0.alnum(22) + "_" + $0.hex(40) }, negative: { "CCI" + "PAT_" + $0.alnum(22) })

    static let circleCILegacyToken = keyedToken(
        "secret-circleci-token-legacy", "CircleCI API token (legacy)", .high,
        keyword: #"circle\w{0,20}(?:token|key)"#, secret: "[a-f0-9]{40}", alphabet: "[A-Za-z0-9]",
        variable: "CIRCLE_TOKEN",
        revoke: "Delete the token in CircleCI (User settings > Personal API Tokens).",
        reference: "https://circleci.com/docs/managing-api-tokens/",
        sample: { $0.hex(40) }, negative: { $0.hex(20) })

    static let travisCIToken = keyedToken(
        "secret-travis-ci-token", "Travis CI API token", .high,
        keyword: #"travis\w{0,20}(?:token|key)"#, secret: "[A-Za-z0-9_-]{22}", alphabet: "[A-Za-z0-9_-]",
        entropy: 3.5, variable: "TRAVIS_API_TOKEN",
        revoke: "Regenerate the token in Travis CI (Settings > API authentication).",
        reference: "https://docs.travis-ci.com/user/triggering-builds/",
        sample: { $0.base64URL(22) }, negative: { $0.base64URL(12) })

    static let buildkiteToken = token(
        "secret-buildkite-api-token", "Buildkite API access token", .high, "bkua_[a-f0-9]{40}",
        variable: "BUILDKITE_API_TOKEN",
        revoke: "Revoke the token in Buildkite (Personal settings > API Access Tokens).",
        reference: "https://buildkite.com/docs/apis/managing-api-tokens",
        sample: { "bk" + "ua_" + $0.hex(40) }, negative: { "bk" + "ua_" + $0.hex(10) })

    static let sonarToken = token(
        "secret-sonarqube-token", "SonarQube or SonarCloud token", .high, "sq[pua]_[a-f0-9]{40}",
        variable: "SONAR_TOKEN",
        revoke: "Revoke the token in SonarQube (My Account > Security).",
        reference: "https://docs.sonarsource.com/sonarqube-server/latest/user-guide/managing-tokens/",
        sample: { "sq" + "p_" + $0.hex(40) }, negative: { "sq" + "p_" + $0.hex(12) })

    static let jenkinsToken = keyedToken(
        "secret-jenkins-api-token", "Jenkins API token", .high,
        keyword: #"jenkins\w{0,20}(?:token|key|password)"#, secret: "11[a-f0-9]{32}", alphabet: "[A-Za-z0-9]",
        variable: "JENKINS_API_TOKEN",
        revoke: "Revoke the token in Jenkins (the user > Configure > API Token).",
        reference: "https://www.jenkins.io/doc/book/system-administration/authenticating-scripted-clients/",
        sample: { "1" + "1" + $0.hex(32) }, negative: { "1" + "1" + $0.hex(16) })

    static let codecovToken = keyedToken(
        "secret-codecov-token", "Codecov upload token", .low,
        keyword: #"codecov\w{0,20}token"#, secret: "[a-f0-9]{8}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{12}",
        alphabet: "[A-Za-z0-9-]", entropy: 3.0, checks: [], variable: "CODECOV_TOKEN",
        revoke: "Regenerate the repository's upload token in Codecov (Settings > General).",
        reference: "https://docs.codecov.com/docs/codecov-tokens",
        sample: { $0.uuid() }, negative: { $0.hex(8) })

    static let snykToken = keyedToken(
        "secret-snyk-token", "Snyk API token", .high,
        keyword: #"snyk\w{0,20}(?:token|key)"#, secret: "[a-f0-9]{8}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{12}",
        alphabet: "[A-Za-z0-9-]", entropy: 3.0, checks: [], variable: "SNYK_TOKEN",
        revoke: "Revoke the token in Snyk (Account settings > General > Auth Token > Revoke and regenerate).",
        reference: "https://docs.snyk.io/snyk-api/authentication-for-api",
        sample: { $0.uuid() }, negative: { $0.hex(8) })

    static let droneToken = keyedToken(
        "secret-drone-ci-token", "Drone CI personal token", .high,
        keyword: #"drone\w{0,20}token"#, secret: "[A-Za-z0-9]{32}", alphabet: "[A-Za-z0-9]", entropy: 3.8,
        variable: "DRONE_TOKEN",
        revoke: "Rotate the token in Drone (User settings > Token).",
        reference: "https://docs.drone.io/cli/setup/",
        sample: { $0.alnum(32) }, negative: { $0.alnum(20) })

    static let giteaToken = keyedToken(
        "secret-gitea-token", "Gitea or Forgejo access token", .high,
        keyword: #"(?:gitea|forgejo)\w{0,20}token"#, secret: "[a-f0-9]{40}", alphabet: "[A-Za-z0-9]",
        variable: "GITEA_TOKEN",
        revoke: "Delete the token in Gitea (Settings > Applications > Manage access tokens).",
        reference: "https://docs.gitea.com/development/api-usage#generating-and-listing-api-tokens",
        sample: { $0.hex(40) }, negative: { $0.hex(20) })
}
