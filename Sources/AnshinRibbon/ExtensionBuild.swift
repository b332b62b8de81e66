import AnshinCore
import Crypto
import Foundation

/// One build of the extension, computed without touching the disk: its version (from the lock),
/// its files in both flavours and the lock to write.
public struct ExtensionBuild: Sendable {
    public var version: String
    /// The previous build's version, nil for a first build.
    public var previousVersion: String?
    public var digest: String
    public var extensionID: String
    /// Unpacked and `.crx` files: with `key` and `update_url`.
    public var selfHosted: [ExtensionFile]
    /// For the Chrome Web Store: without them.
    public var webStore: [ExtensionFile]
    /// The lock after this build.
    public var lock: RibbonLock

    /// Whether this build differs from the last one recorded in the lock.
    public var changed: Bool { previousVersion != version }

    /// Builds from `plan`: the lock's version when the content is what the lock describes, the
    /// next version when it changed, ``ExtensionVersion/first`` without a lock.
    public static func make(plan: RibbonPlan, settings: RibbonSettings, publicKey: Data,
                            previous: RibbonLock?) throws(ConfigurationError) -> ExtensionBuild {
        let digest = digest(plan: plan, settings: settings, publicKey: publicKey)
        let version: String
        if let previous {
            if previous.digest == digest {
                version = previous.version
            } else if let next = ExtensionVersion.next(after: previous.version) {
                version = next
            } else {
                throw ConfigurationError(path: RibbonLock.path, field: "version",
                                         message: "\(previous.version) has no next version; set a lower major version by hand")
            }
        } else {
            version = ExtensionVersion.first
        }
        let identity = identity(plan: plan, settings: settings, publicKey: publicKey, version: version)
        return ExtensionBuild(
            version: version, previousVersion: previous?.version, digest: digest,
            extensionID: SigningKey.extensionID(publicKey: publicKey),
            selfHosted: ExtensionFiles.make(plan: plan, identity: identity, flavor: .selfHosted),
            webStore: ExtensionFiles.make(plan: plan, identity: identity, flavor: .webStore),
            lock: RibbonLock(version: version, digest: digest, key: publicKey.base64EncodedString()))
    }

    /// SHA-256 (hex) of the self-hosted files with the version left out: what decides whether a
    /// build is new.
    public static func digest(plan: RibbonPlan, settings: RibbonSettings, publicKey: Data) -> String {
        let files = ExtensionFiles.make(plan: plan, identity: identity(plan: plan, settings: settings, publicKey: publicKey, version: "0"),
                                        flavor: .selfHosted)
        var hasher = SHA256()
        for file in files.sorted(by: { $0.path < $1.path }) {
            hasher.update(data: Data("\(file.path)\u{0}\(file.contents.count)\u{0}".utf8))
            hasher.update(data: file.contents)
        }
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }

    private static func identity(plan: RibbonPlan, settings: RibbonSettings, publicKey: Data, version: String) -> ExtensionFiles.Identity {
        ExtensionFiles.Identity(version: version, publicKey: publicKey, updateURL: settings.updateURL,
                                firefoxID: settings.firefoxID ?? ExtensionFiles.defaultFirefoxID(project: plan.project))
    }

    /// The zip for the Chrome Web Store.
    public var webStoreZip: Data { ZipArchive.make(webStore) }

    /// The signed package for self-hosting.
    public func crx(key: SigningKey) throws -> Data {
        try CRXPackage.make(zip: ZipArchive.make(selfHosted), key: key)
    }

    /// The update manifest Chrome polls at `update_url`, pointing at `anshin-ribbon.crx` beside it.
    public func updateManifest(updateURL: String) -> String {
        let codebase = URL(string: RibbonBuilder.crxName, relativeTo: URL(string: updateURL))?.absoluteString ?? RibbonBuilder.crxName
        func attribute(_ text: String) -> String {
            text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "'", with: "&apos;")
                .replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
        }
        return """
            <?xml version='1.0' encoding='UTF-8'?>
            <gupdate xmlns='http://www.google.com/update2/response' protocol='2.0'>
              <app appid='\(extensionID)'>
                <updatecheck codebase='\(attribute(codebase))' version='\(version)' />
              </app>
            </gupdate>

            """
    }
}
