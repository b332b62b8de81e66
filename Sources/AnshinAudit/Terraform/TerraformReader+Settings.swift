import AnshinCore
import AnshinHCL

/// The root module's `terraform {}` settings: required versions, providers and the backend
/// merged with the environment's `.tfbackend` file.
extension TerraformReader {
    func terraformSettings() -> TerraformSettings {
        let settings = module.settings
        let blocks = source.files.flatMap { file in file.body.blocks(ofType: "terraform").map { (file.path, $0) } }
        let main = blocks.first { $0.1.body.attribute("required_version") != nil } ?? blocks.first
        var result = TerraformSettings(directory: source.unit ?? (source.directory == "" ? "." : source.directory),
                                       requiredVersion: settings.requiredVersion,
                                       location: main.map { location(FileRange(path: $0.0, range: $0.1.range)) })
        var declared: [String: Location] = [:]
        for (path, block) in blocks {
            for providers in block.body.blocks(ofType: "required_providers") {
                for attribute in providers.body.attributes {
                    declared[attribute.name] = location(FileRange(path: path, range: attribute.range))
                }
            }
        }
        for name in settings.requiredProviders.keys.sorted() {
            let entry = settings.requiredProviders[name]
            result.providers.append(TerraformSettings.Provider(name: name, source: entry?.source, version: entry?.version,
                                                               location: declared[name] ?? result.location))
        }
        // Providers used without a required_providers entry: Terraform takes hashicorp/<name> at
        // its newest version, unless a legacy `version` argument in the provider block limits it.
        var implied: [String: TerraformSettings.Provider] = [:]
        for provider in module.providers where provider.modulePath.isEmpty && settings.requiredProviders[provider.name] == nil {
            let version = provider.body.string("version")
            if implied[provider.name]?.version == nil {
                implied[provider.name] = TerraformSettings.Provider(name: provider.name, source: "hashicorp/\(provider.name)",
                                                                    version: version, location: location(provider.range))
            }
        }
        for instance in module.resources where instance.modulePath.isEmpty {
            guard let name = instance.type.split(separator: "_").first.map(String.init), name != "terraform",
                  settings.requiredProviders[name] == nil, implied[name] == nil else { continue }
            implied[name] = TerraformSettings.Provider(name: name, source: "hashicorp/\(name)", version: nil,
                                                       location: result.location ?? location(instance))
        }
        result.providers += implied.keys.sorted().compactMap { implied[$0] }
        if let type = settings.backendType {
            var values: [String: String] = [:]
            for (key, value) in settings.backendAttributes {
                if let text = value.present.flatMap(TerraformValue.string) { values[key] = text }
            }
            values.merge(source.backendConfig) { _, file in file }
            result.backend = TerraformSettings.Backend(type: type, settings: values,
                                                       location: settings.backendRange.map(location) ?? result.location)
        }
        return result
    }
}
