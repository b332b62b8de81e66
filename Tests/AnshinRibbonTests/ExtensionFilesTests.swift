import AnshinCore
@testable import AnshinRibbon
import AnshinTesting
import Foundation
import Testing

/// Golden files of what the extension is made of, for the example company and for a catalog
/// using every setting. Re-record with ANSHIN_RECORD_GOLDEN=1 after a deliberate change.
@Suite struct ExtensionFilesTests {
    static var publicKey: Data {
        let text = (try? String(contentsOf: Golden.fixtures("public-key.txt"), encoding: .utf8)) ?? ""
        return Data(base64Encoded: text.trimmingCharacters(in: .whitespacesAndNewlines)) ?? Data()
    }

    static func build(_ catalogURL: URL, previous: RibbonLock? = nil) throws -> (EnvironmentCatalog, ExtensionBuild) {
        let catalog = try EnvironmentCatalog.parse(String(contentsOf: catalogURL, encoding: .utf8), file: "anshin.yml")
        let plan = try RibbonPlan(catalog: catalog)
        return (catalog, try ExtensionBuild.make(plan: plan, settings: catalog.ribbon, publicKey: publicKey, previous: previous))
    }

    static func text(_ files: [ExtensionFile], _ path: String) -> String {
        files.first { $0.path == path }.map { String(decoding: $0.contents, as: UTF8.self) } ?? "<missing \(path)>"
    }

    @Test(arguments: [("acme", Command.packageRoot.appendingPathComponent("examples/acme/anshin.yml")),
                      ("full", Golden.fixtures("catalogs", "full.yml"))])
    func goldenFiles(_ name: String, _ catalogURL: URL) throws {
        let (catalog, build) = try Self.build(catalogURL)
        let golden = Golden.fixtures("golden")
        #expect(Golden.mismatch(Self.text(build.selfHosted, "manifest.json"), name: "\(name)-manifest.json", directory: golden) == nil)
        #expect(Golden.mismatch(Self.text(build.webStore, "manifest.json"), name: "\(name)-manifest-webstore.json", directory: golden) == nil)
        #expect(Golden.mismatch(Self.text(build.selfHosted, "ribbon.js"), name: "\(name)-ribbon.js", directory: golden) == nil)
        if let updateURL = catalog.ribbon.updateURL {
            #expect(Golden.mismatch(build.updateManifest(updateURL: updateURL), name: "\(name)-updates.xml", directory: golden) == nil)
        }
    }

    @Test func manifestIsValidManifestV3() throws {
        let (_, build) = try Self.build(Golden.fixtures("catalogs", "full.yml"))
        let manifest = try #require(try JSONSerialization.jsonObject(with: build.selfHosted[0].contents) as? [String: Any])
        #expect(manifest["manifest_version"] as? Int == 3)
        #expect(manifest["version"] as? String == "1.0.0")
        #expect(manifest["key"] as? String == Self.publicKey.base64EncodedString())
        #expect(manifest["update_url"] as? String == "https://it.acme.example/ribbon/updates.xml")
        let scripts = try #require(manifest["content_scripts"] as? [[String: Any]])
        #expect(scripts.count == 1)
        #expect(scripts[0]["matches"] as? [String] == [
            "http://dev.acme.example/*", "http://localhost/*", "https://*.stg.acme.example/*",
            "https://api.acme.example/*", "https://app.acme.example/*", "https://qa.acme.example/*",
        ], "sorted, each host once, the hidden demo host not injected at all")
        #expect(manifest["permissions"] == nil && manifest["host_permissions"] == nil, "a content script needs no permission")
        let gecko = (manifest["browser_specific_settings"] as? [String: Any])?["gecko"] as? [String: String]
        #expect(gecko == ["id": "ribbon@acme.example", "strict_min_version": "109.0"])
        let webStore = try #require(try JSONSerialization.jsonObject(with: build.webStore[0].contents) as? [String: Any])
        #expect(webStore["key"] == nil && webStore["update_url"] == nil, "the Chrome Web Store refuses a key")
        #expect(build.selfHosted.map(\.path) == ["manifest.json", "ribbon.js", "icons/16.png", "icons/48.png", "icons/128.png"])
    }

    @Test func iconsArePNGsOfTheFirstRibbonsColour() throws {
        let (_, build) = try Self.build(Command.packageRoot.appendingPathComponent("examples/acme/anshin.yml"))
        for size in RibbonIcon.sizes {
            let file = try #require(build.selfHosted.first { $0.path == "icons/\(size).png" })
            let image = try PNGImage(file.contents)
            #expect(image.width == size && image.height == size)
            let onBand = image.color(x: Int(Double(size) * 0.31), y: Int(Double(size) * 0.31))
            #expect(onBand.isClose(to: PNGImage.Color(hex: "#c62828")!) && onBand.alpha == 255, "\(size): \(onBand)")
            #expect(image.color(x: size - 1, y: size - 1).alpha == 0, "transparent away from the band")
        }
    }

    @Test func theScriptCannotBeBrokenOutOfByALabel() throws {
        let catalog = try EnvironmentCatalog.parse("""
            environments:
              prd:
                urls: ["https://app.acme.example"]
                ribbon: { label: "</script><script>alert(1)</script>\\u2028'`${x}\\\\" }
            """, file: "anshin.yml")
        let source = RibbonScript.source(try RibbonPlan(catalog: catalog))
        #expect(!source.contains("</script>"))
        #expect(!source.contains("\u{2028}"))
        #expect(source.contains(#""label": "\u003c/script>\u003cscript>alert(1)\u003c/script>\u2028'`${x}\\""#))
    }

    @Test func versionsRiseOnlyWhenTheContentChanges() throws {
        let url = Golden.fixtures("catalogs", "full.yml")
        let (_, first) = try Self.build(url)
        #expect(first.version == "1.0.0" && first.previousVersion == nil)
        let (_, same) = try Self.build(url, previous: first.lock)
        #expect(same.version == "1.0.0" && !same.changed)
        #expect(same.selfHosted == first.selfHosted && same.webStoreZip == first.webStoreZip)

        let text = try String(contentsOf: url, encoding: .utf8).replacingOccurrences(of: "#2e7d32", with: "#1b5e20")
        let folder = try TemporaryDirectory()
        let changed = try Self.build(try folder.write("anshin.yml", text), previous: first.lock).1
        #expect(changed.version == "1.0.1" && changed.changed)
        #expect(ExtensionVersion.isGreater(changed.version, than: first.version))
        let (_, back) = try Self.build(url, previous: changed.lock)
        #expect(back.version == "1.0.2", "going back to an older catalog is still a newer build")
    }

    @Test func versionArithmetic() {
        #expect(ExtensionVersion.next(after: "1.0.0") == "1.0.1")
        #expect(ExtensionVersion.next(after: "1.0.65535") == "1.1.0")
        #expect(ExtensionVersion.next(after: "2") == "3")
        #expect(ExtensionVersion.next(after: "65535.65535") == nil)
        #expect(ExtensionVersion.next(after: "1.x") == nil)
        for valid in ["1", "1.0", "1.2.3.4", "65535.0.0"] { #expect(ExtensionVersion.isValid(valid), "\(valid)") }
        for invalid in ["", "1.", ".1", "1.2.3.4.5", "65536", "01", "1.-1", "1 .0"] {
            #expect(!ExtensionVersion.isValid(invalid), "\(invalid)")
        }
        #expect(ExtensionVersion.isGreater("1.0.10", than: "1.0.9"))
        #expect(ExtensionVersion.isGreater("1.1", than: "1.0.65535"))
        #expect(!ExtensionVersion.isGreater("1.0", than: "1.0.0"))
    }

    @Test func extensionIDFollowsChromesRule() {
        // Chrome's id: the first 16 bytes of SHA-256 of the public key, 0-f written as a-p.
        let id = SigningKey.extensionID(publicKey: Data("anshin".utf8))
        #expect(id.count == 32 && id.allSatisfy { ("a"..."p").contains($0) })
        #expect(id == "fcholggdpdiiiimjpkgcdbkhohgakhac", "sha256sum of the same bytes, mapped by tr 0-9a-f a-p")
    }
}
