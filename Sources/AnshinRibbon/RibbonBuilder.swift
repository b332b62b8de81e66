import AnshinCore
import Foundation

/// `anshin ribbon build`: writes the extension for every way of installing it.
///
/// Into the output folder: `extension/` (unpacked, for `--load-extension` and Firefox's
/// temporary add-ons), `anshin-ribbon.zip` (for the Chrome Web Store), and, with the signing
/// key, `anshin-ribbon.crx` and `updates.xml` (for a forced install from the organisation's own
/// server). Beside the catalog: `.anshin/ribbon.lock`, rewritten when the content changed.
public enum RibbonBuilder {
    public static let crxName = "anshin-ribbon.crx"
    public static let zipName = "anshin-ribbon.zip"
    public static let updateManifestName = "updates.xml"
    public static let unpackedFolder = "extension"
    /// Where a first build puts the key it generates, inside the output folder.
    public static let generatedKeyName = "anshin-ribbon-key.pem"

    public struct Options: Sendable {
        /// The repository root, where `.anshin/ribbon.lock` lives.
        public var root: URL
        public var output: URL
        /// The PEM signing key; created there when the file does not exist.
        public var keyFile: URL?

        public init(root: URL, output: URL, keyFile: URL? = nil) {
            self.root = root
            self.output = output
            self.keyFile = keyFile
        }
    }

    /// What a build did.
    public struct Outcome: Sendable {
        public var build: ExtensionBuild
        /// File and folder names written in the output folder.
        public var written: [String]
        /// The signing key created by this build, if any.
        public var generatedKey: URL?
        /// What the user should know (the key to keep, what was not written and why).
        public var notes: [String]
    }

    public static func build(catalog: EnvironmentCatalog, options: Options) throws(ConfigurationError) -> Outcome {
        let plan = try RibbonPlan(catalog: catalog)
        guard !plan.shown.isEmpty else {
            throw ConfigurationError(path: RibbonPlan.catalogFile(catalog),
                                     message: "no environment has both urls and a shown ribbon, so the extension would draw nothing")
        }
        let lock = try RibbonLock.load(root: options.root)
        var notes: [String] = []
        let (key, generated) = try signingKey(options: options, lock: lock)
        let publicKey: Data
        if let key {
            publicKey = key.publicKey
            if let lock, lock.key != publicKey.base64EncodedString() {
                let pinned = Data(base64Encoded: lock.key).map(SigningKey.extensionID(publicKey:)) ?? "?"
                throw ConfigurationError(
                    path: options.keyFile?.path ?? options.output.appendingPathComponent(generatedKeyName).path,
                    message: "this key gives the extension id \(SigningKey.extensionID(publicKey: publicKey)), but \(RibbonLock.path) pins \(pinned): use the key of the earlier builds, or delete \(RibbonLock.path) to start a new extension (every browser would have to install it again)")
            }
        } else if let lock, let pinned = Data(base64Encoded: lock.key) {
            publicKey = pinned
        } else {
            throw ConfigurationError(path: RibbonLock.path, message: "no public key")
        }
        let build = try ExtensionBuild.make(plan: plan, settings: catalog.ribbon, publicKey: publicKey, previous: lock)

        var written: [String] = []
        let fileManager = FileManager.default
        do {
            try fileManager.createDirectory(at: options.output, withIntermediateDirectories: true)
            let unpacked = options.output.appendingPathComponent(unpackedFolder)
            try clearUnpacked(unpacked)
            for file in build.selfHosted {
                let url = unpacked.appendingPathComponent(file.path)
                try fileManager.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try file.contents.write(to: url)
            }
            written.append(unpackedFolder + "/")
            try build.webStoreZip.write(to: options.output.appendingPathComponent(zipName))
            written.append(zipName)
            if let key {
                try build.crx(key: key).write(to: options.output.appendingPathComponent(crxName))
                written.append(crxName)
                if let updateURL = catalog.ribbon.updateURL {
                    try Data(build.updateManifest(updateURL: updateURL).utf8).write(to: options.output.appendingPathComponent(updateManifestName))
                    written.append(updateManifestName)
                } else {
                    notes.append("set ribbon.update_url in anshin.yml to also write \(updateManifestName), for a forced install from your own server")
                }
            } else {
                notes.append("no signing key, so \(crxName) and \(updateManifestName) were not written: pass --key with the key of the first build")
            }
        } catch let error as ConfigurationError {
            throw error
        } catch {
            throw ConfigurationError(path: options.output.path, message: "cannot write the extension: \(SystemErrorText.describe(error))")
        }
        if build.changed || lock == nil {
            try build.lock.write(root: options.root)
        }
        if let generated {
            notes.insert("generated the signing key \(generated.path): keep it secret and out of the repository (a secret manager), and pass it with --key to later builds; \(RibbonLock.path) holds its public half, so commit that", at: 0)
        }
        return Outcome(build: build, written: written, generatedKey: generated, notes: notes)
    }

    /// The signing key to use, and where it was created when this build created it.
    private static func signingKey(options: Options, lock: RibbonLock?) throws(ConfigurationError) -> (SigningKey?, URL?) {
        let fallback = options.output.appendingPathComponent(generatedKeyName)
        let file = options.keyFile ?? fallback
        if FileManager.default.fileExists(atPath: file.path) {
            do {
                return (try SigningKey(pem: String(contentsOf: file, encoding: .utf8)), nil)
            } catch {
                throw ConfigurationError(path: file.path, message: "not an RSA private key in PEM form")
            }
        }
        if let lock {
            // The extension exists already: a new key would change its id.
            guard options.keyFile != nil else { return (nil, nil) }
            let pinned = Data(base64Encoded: lock.key).map(SigningKey.extensionID(publicKey:)) ?? "?"
            throw ConfigurationError(path: file.path, message: "no such file; \(RibbonLock.path) pins the extension id \(pinned), so pass the key that earlier builds were signed with")
        }
        do {
            let key = try SigningKey.generate()
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            guard FileManager.default.createFile(atPath: file.path, contents: Data(key.pem.utf8), attributes: [.posixPermissions: 0o600]) else {
                throw ConfigurationError(path: file.path, message: "cannot create the signing key")
            }
            // The default output folder sits in the repository: keep the key out of commits.
            let ignore = file.deletingLastPathComponent().appendingPathComponent(".gitignore")
            if options.keyFile == nil, !FileManager.default.fileExists(atPath: ignore.path) {
                try Data("\(generatedKeyName)\n".utf8).write(to: ignore)
            }
            return (key, file)
        } catch let error as ConfigurationError {
            throw error
        } catch {
            throw ConfigurationError(path: file.path, message: "cannot generate a signing key: \(error)")
        }
    }

    /// Empties the unpacked folder of an earlier build, refusing to delete a folder that is not one.
    private static func clearUnpacked(_ folder: URL) throws {
        let fileManager = FileManager.default
        guard fileManager.fileExists(atPath: folder.path) else { return }
        let contents = try fileManager.contentsOfDirectory(atPath: folder.path)
        guard contents.isEmpty || contents.contains("manifest.json") else {
            throw ConfigurationError(path: folder.path, message: "exists and is not an earlier build of the extension; choose another --out")
        }
        try fileManager.removeItem(at: folder)
    }
}
