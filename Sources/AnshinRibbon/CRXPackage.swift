import Crypto
import Foundation

/// A CRX3 package: the signed form of the extension that Chrome installs from an organisation's
/// own server (`ExtensionInstallForcelist` with a self-hosted update URL).
///
/// Layout, from Chromium's `crx3.proto`: `Cr24`, format version 3 and the header's length (both
/// 32-bit little-endian), a `CrxFileHeader` protocol buffer, then the zip. The header holds an
/// `AsymmetricKeyProof` (field 2: public key, signature) and `signed_header_data` (field 10000:
/// a `SignedData` whose field 1 is the 16-byte crx id). The signature covers
/// `"CRX3 SignedData\0"`, the signed header data's length (32-bit little-endian), the signed
/// header data and the zip.
enum CRXPackage {
    static func make(zip: Data, key: SigningKey) throws -> Data {
        let publicKey = key.publicKey
        let crxID = Data(SHA256.hash(data: publicKey).prefix(16))
        let signedData = field(1, crxID)
        var message = Data("CRX3 SignedData".utf8) + [0]
        message += littleEndian(UInt32(signedData.count))
        message += signedData
        message += zip
        let proof = field(1, publicKey) + field(2, try key.sign(message))
        let header = field(2, proof) + field(10000, signedData)
        var out = Data("Cr24".utf8)
        out += littleEndian(UInt32(3))
        out += littleEndian(UInt32(header.count))
        out += header
        out += zip
        return out
    }

    /// A length-delimited protocol buffer field (wire type 2).
    static func field(_ number: Int, _ bytes: Data) -> Data {
        varint(UInt64(number) << 3 | 2) + varint(UInt64(bytes.count)) + bytes
    }

    static func varint(_ value: UInt64) -> Data {
        var value = value
        var out = Data()
        repeat {
            let low = UInt8(value & 0x7F)
            value >>= 7
            out.append(value == 0 ? low : low | 0x80)
        } while value != 0
        return out
    }

    private static func littleEndian(_ value: UInt32) -> Data {
        withUnsafeBytes(of: value.littleEndian) { Data($0) }
    }
}
