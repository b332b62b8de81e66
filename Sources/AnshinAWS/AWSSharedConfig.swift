import Foundation

/// A profile as the AWS CLI sees it: the `config` file's section overlaid by the `credentials`
/// file's section of the same name (the credentials file wins).
public struct AWSProfile: Sendable, Equatable {
    public let name: String
    public let properties: [String: String]
    public let subsections: [String: [String: String]]
    /// Where each property is set.
    public let locations: [String: AWSConfigLocation]
    /// The property names set in the credentials file.
    public let fromCredentialsFile: Set<String>

    /// The value of `property`, `nil` when unset or empty.
    public subscript(_ property: String) -> String? {
        guard let value = properties[property], !value.isEmpty else { return nil }
        return value
    }
}

/// Both shared files, located the way the AWS CLI locates them.
public struct AWSSharedConfig: Sendable {
    public let configPath: String
    public let credentialsPath: String
    public let config: AWSConfigFile?
    public let credentials: AWSConfigFile?

    /// Loads `AWS_CONFIG_FILE` (default `~/.aws/config`) and `AWS_SHARED_CREDENTIALS_FILE`
    /// (default `~/.aws/credentials`); a missing file is an empty one.
    public static func load(environment: [String: String], homeDirectory: String? = nil) throws(AWSConfigError) -> AWSSharedConfig {
        let home = homeDirectory ?? environment["HOME"] ?? NSHomeDirectory()
        func path(_ variable: String, default relative: String) -> String {
            guard let value = environment[variable], !value.isEmpty else { return home + "/" + relative }
            if value == "~" { return home }
            if value.hasPrefix("~/") { return home + value.dropFirst() }
            return value
        }
        let configPath = path("AWS_CONFIG_FILE", default: ".aws/config")
        let credentialsPath = path("AWS_SHARED_CREDENTIALS_FILE", default: ".aws/credentials")
        return AWSSharedConfig(configPath: configPath, credentialsPath: credentialsPath,
                               config: try AWSConfigFile.load(path: configPath, kind: .config),
                               credentials: try AWSConfigFile.load(path: credentialsPath, kind: .credentials))
    }

    public init(configPath: String, credentialsPath: String, config: AWSConfigFile?, credentials: AWSConfigFile?) {
        self.configPath = configPath
        self.credentialsPath = credentialsPath
        self.config = config
        self.credentials = credentials
    }

    /// The files that exist and were read.
    public var filesRead: [String] {
        [config?.path, credentials?.path].compactMap { $0 }
    }

    /// Every profile name either file defines, sorted.
    public var profileNames: [String] {
        let names = (config?.sections(.profile).keys.map { $0 } ?? []) + (credentials?.sections(.profile).keys.map { $0 } ?? [])
        return Set(names).sorted()
    }

    /// The `[sso-session name]` sections of the config file, by name.
    public var ssoSessions: [String: AWSConfigSection] {
        config?.sections(.ssoSession) ?? [:]
    }

    /// The merged profile `name`, or `nil` when neither file defines it.
    public func profile(_ name: String) -> AWSProfile? {
        let fromConfig = config?.sections(.profile)[name]
        let fromCredentials = credentials?.sections(.profile)[name]
        guard fromConfig != nil || fromCredentials != nil else { return nil }
        var properties: [String: String] = [:]
        var subsections: [String: [String: String]] = [:]
        var locations: [String: AWSConfigLocation] = [:]
        for section in [fromConfig, fromCredentials].compactMap({ $0 }) {
            for (key, value) in section.properties {
                properties[key] = value
                locations[key] = section.location(of: key)
            }
            for (key, value) in section.subsections {
                subsections[key, default: [:]].merge(value) { _, new in new }
                locations[key] = section.location(of: key)
            }
        }
        return AWSProfile(name: name, properties: properties, subsections: subsections, locations: locations,
                          fromCredentialsFile: Set(fromCredentials?.properties.keys.map { $0 } ?? []))
    }
}
