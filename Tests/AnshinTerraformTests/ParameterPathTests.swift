import AnshinCore
import AnshinTerraform
import Foundation
import Testing

@Suite struct ParameterPathTests {
    @Test func theDefaultTemplateIsProjectEnvironmentName() {
        let catalog = EnvironmentCatalog(project: "acme", environments: [], origin: .inferred)
        let paths = ParameterPath(catalog: catalog, root: URL(fileURLWithPath: "/tmp/acme-infra"))
        #expect(paths.prefix(environment: "stg") == "/acme/stg/")
        #expect(paths.path(environment: "prd", name: "db/password") == "/acme/prd/db/password")
        #expect(paths.name(of: "/acme/prd/db/password", environment: "prd") == "db/password")
        #expect(paths.name(of: "/acme/stg/db/password", environment: "prd") == nil)
    }

    @Test func withoutAProjectTheFolderNameStandsIn() {
        let catalog = EnvironmentCatalog(project: nil, environments: [], origin: .inferred)
        #expect(ParameterPath(catalog: catalog, root: URL(fileURLWithPath: "/tmp/acme-infra")).prefix(environment: "stg") == "/acme-infra/stg/")
    }

    @Test func aConfiguredTemplateAndItsTerraform() throws {
        let catalog = try EnvironmentCatalog.parse("""
            project: acme
            params: { path: "/{project}/{env}/app/{name}", kms_key: alias/acme-secrets }
            environments: { stg: }
            """, file: "anshin.yml")
        #expect(catalog.parameters.kmsKey == "alias/acme-secrets")
        let paths = ParameterPath(catalog: catalog, root: URL(fileURLWithPath: "/x"))
        #expect(paths.prefix(environment: "stg") == "/acme/stg/app/")
        #expect(paths.terraformExpression(environment: "stg", name: "A", environmentVariable: "env") == "/acme/${var.env}/app/A")
        #expect(paths.terraformExpression(environment: "stg", name: "A", environmentVariable: nil) == "/acme/stg/app/A")
    }

    @Test(arguments: [
        ("acme/{env}/{name}", "starts with /"),
        ("/{project}/{env}/{name}/x", "ends with /{name}"),
        ("/{project}/{name}", "needs {env}"),
        ("/{project}/{stage}/{env}/{name}", "knows only {project}, {env} and {name}"),
        ("/acme//{env}/{name}", "no empty level"),
        ("/acme ltd/{env}/{name}", "only letters, digits"),
    ])
    func badTemplatesAreConfigurationErrors(_ template: String, _ message: String) {
        #expect {
            _ = try EnvironmentCatalog.parse("params: { path: \"\(template)\" }\nenvironments: { stg: }\n", file: "anshin.yml")
        } throws: { error in
            guard let error = error as? ConfigurationError else { return false }
            return error.field == "params.path" && error.message.contains(message) && error.line == 1
        }
    }

    @Test(arguments: ["DATABASE_PASSWORD", "db/password", "app.key-2"])
    func goodNames(_ name: String) throws {
        try ParameterPath.validate(name: name)
    }

    @Test(arguments: ["", "/abs", "trailing/", "a//b", "with space", "semi;colon", "ünï"])
    func badNames(_ name: String) {
        #expect(throws: WrapperError.self) { try ParameterPath.validate(name: name) }
    }

    @Test(arguments: [("DATABASE_PASSWORD", "DATABASE_PASSWORD"), ("db/password", "DB_PASSWORD"), ("app.key-2", "APP_KEY_2"),
                      ("2fa/seed", "_2FA_SEED")])
    func environmentVariableNames(_ name: String, _ variable: String) {
        #expect(ParameterPath.environmentVariable(for: name) == variable)
    }
}

@Suite struct ParameterListingTests {
    let paths = ParameterPath(template: "/{project}/{env}/{name}", project: "acme")
    let secret = ["sk", "_live_", "4eC39HqLyjWDarjtT1zdp7dc"].joined()

    @Test func valuesAreRedactedAndPlaceholdersMarked() {
        let parameters = [
            ParameterStore.Parameter(path: "/acme/stg/STRIPE_SECRET_KEY", type: "SecureString", value: secret, version: 2,
                                     lastModified: "2025-02-14T09:12:44Z"),
            ParameterStore.Parameter(path: "/acme/stg/SENDGRID_API_KEY", type: "SecureString", value: "dummy", version: 1),
        ]
        let table = ParameterListing.table(parameters, environment: "stg", paths: paths)
        #expect(!table.contains(secret))
        #expect(!table.contains(String(secret.prefix(8))))
        #expect(table.contains("sk_l…[redacted]"))
        #expect(table.hasPrefix("/acme/stg/: 2 parameters, 1 still \"dummy\"\n"))
        #expect(table.contains("dummy (placeholder: anshin params set stg SENDGRID_API_KEY)"))
        let json = ParameterListing.json(parameters, environment: "stg", paths: paths)
        #expect(!json.contains(secret) && !json.contains("sk_l"))
        #expect(json.contains("\"placeholder\":true"))
    }

    @Test func differencesAreNamesInOneAndPlaceholdersInOne() {
        func parameter(_ path: String, _ value: String) -> ParameterStore.Parameter {
            ParameterStore.Parameter(path: path, type: "SecureString", value: value, version: 1)
        }
        let stg = [parameter("/acme/stg/A", "x1x1"), parameter("/acme/stg/B", "dummy"), parameter("/acme/stg/C", "c0c0")]
        let prd = [parameter("/acme/prd/A", "y2y2"), parameter("/acme/prd/B", "b1b1"), parameter("/acme/prd/D", "d1d1")]
        let differences = ParameterListing.differences(stg, prd, leftEnvironment: "stg", rightEnvironment: "prd", paths: paths)
        #expect(differences.map(\.name) == ["B", "C", "D"])
        #expect(differences[0].left == .placeholder && differences[0].right == .set)
        #expect(differences[1].right == .missing && differences[2].left == .missing)
        let text = ParameterListing.render(differences, left: "stg", right: "prd")
        #expect(text.contains("2 names in only one environment, 1 placeholder in only one"))
        #expect(!text.contains("x1x1") && !text.contains("y2y2"))
    }
}
