import AnshinAWS
import AnshinCore
import AnshinHCL

/// Reads an ECS task definition's `containerDefinitions` (as the ECS API and Terraform's
/// `container_definitions` write them) into ``ContainerDefinition``s: privileges, log
/// configuration, and the names of secret-looking plain environment variables. Values of the
/// environment are looked at to tell empty from set, and never kept.
enum ContainerDefinitions {
    /// The containers of a list of container definitions; unknown when the list, or one of its
    /// definitions, is known only after apply. Anything that is not a list of objects is unknown too.
    static func read(_ value: Value?) -> Setting<[ContainerDefinition]> {
        guard let value = value?.present, let elements = value.elements else { return .unknown }
        var result: [ContainerDefinition] = []
        for (index, element) in elements.enumerated() {
            guard element.members != nil || isPartial(element) else { return .unknown }
            var container = ContainerDefinition(name: element["name"]?.present?.stringValue ?? "container \(index + 1)")
            container.privileged = TerraformValue.bool(element["privileged"], default: false)
            switch element["logConfiguration"]?.present {
            case nil: container.logging = .known(false)
            case let configuration?:
                if let driver = configuration["logDriver"]?.present {
                    container.logging = driver.isKnown ? .known(driver.stringValue.map { !$0.isEmpty } ?? false) : .unknown
                } else {
                    container.logging = configuration.isKnown ? .known(false) : .unknown
                }
            }
            container.secretEnvironment = secretEnvironment(element["environment"])
            result.append(container)
        }
        return .known(result)
    }

    /// JSON text of container definitions (a heredoc, `file()`, or the API's answer re-encoded).
    static func read(json text: String) -> Setting<[ContainerDefinition]> {
        guard let parsed = try? JSON.parse(Array(text.utf8)) else { return .unknown }
        return read(value(parsed))
    }

    /// The API's JSON as a value.
    static func value(_ json: JSON) -> Value {
        switch json {
        case .null: .null
        case .bool(let flag): .bool(flag)
        case .number(let number): .double(number)
        case .string(let text): .string(text)
        case .array(let elements): .tuple(elements.map(value))
        case .object(let members): .object(members.mapValues(value))
        }
    }

    private static func isPartial(_ value: Value) -> Bool {
        if case .partial = value.unmarked { true } else { false }
    }

    /// The secret-looking names among `environment` entries (`{name, value}`) that hold a value;
    /// unknown when the list or an entry's name is known only after apply.
    private static func secretEnvironment(_ environment: Value?) -> Setting<[String]> {
        guard let environment = environment?.present else { return .known([]) }
        guard let entries = environment.elements else { return .unknown }
        var pairs: [(name: String, value: String?)] = []
        for entry in entries {
            guard let name = entry["name"]?.present?.stringValue else {
                if entry["name"]?.present.map({ !$0.isKnown }) ?? !entry.isKnown { return .unknown }
                continue
            }
            switch entry["value"]?.present {
            case nil: pairs.append((name, ""))
            case let value?: pairs.append((name, value.isKnown ? (value.stringValue ?? "set") : nil))
            }
        }
        return .known(EnvironmentSecrets.secretNames(pairs))
    }
}
