import Foundation

/// The extension's icon: a corner ribbon in the colour of the first environment drawn (production
/// comes first in most catalogs), on a transparent square. Drawn here, so the extension needs no
/// image files, and encoded as PNG without compression, so it is the same bytes on every machine;
/// one colour at 17 levels of opacity fits a palette, so each pixel takes one byte.
enum RibbonIcon {
    static let sizes = [16, 48, 128]

    static func path(size: Int) -> String { "icons/\(size).png" }

    static func files(plan: RibbonPlan) -> [ExtensionFile] {
        let color = plan.shown.first?.appearance?.color ?? RibbonPlan.productionColor
        return sizes.map { ExtensionFile(path: path(size: $0), contents: png(size: $0, color: color)) }
    }

    /// Opacity levels of the palette: how many of a pixel's 16 samples the band covers.
    static let levels = 17

    /// Palette indices, row by row: a band along the diagonal from the left edge to the top edge,
    /// 4x4 supersampled, the index being the number of samples it covers.
    static func pixels(size: Int) -> [UInt8] {
        let s = Double(size)
        let center = s * 0.62, halfWidth = s * 0.17
        var out: [UInt8] = []
        out.reserveCapacity(size * size)
        for y in 0..<size {
            for x in 0..<size {
                var covered = 0
                for sy in 0..<4 {
                    for sx in 0..<4 {
                        let px = Double(x) + (Double(sx) + 0.5) / 4, py = Double(y) + (Double(sy) + 0.5) / 4
                        if abs(px + py - center) / 2.0.squareRoot() <= halfWidth { covered += 1 }
                    }
                }
                out.append(UInt8(covered))
            }
        }
        return out
    }

    /// An 8-bit palette PNG whose image data is a zlib stream of stored (uncompressed) blocks.
    static func png(size: Int, color: RibbonColor) -> Data {
        let indices = pixels(size: size)
        var raw: [UInt8] = []
        for row in 0..<size {
            raw.append(0)  // filter: none
            raw += indices[(row * size)..<((row + 1) * size)]
        }
        var zlib: [UInt8] = [0x78, 0x01]
        var offset = 0
        repeat {
            let count = min(65535, raw.count - offset)
            zlib.append(offset + count == raw.count ? 1 : 0)
            zlib.appendLittleEndian(UInt16(count))
            zlib.appendLittleEndian(~UInt16(count))
            zlib += raw[offset..<(offset + count)]
            offset += count
        } while offset < raw.count
        zlib.appendBigEndian(adler32(raw))

        var header: [UInt8] = []
        header.appendBigEndian(UInt32(size))
        header.appendBigEndian(UInt32(size))
        header += [8, 3, 0, 0, 0]  // 8 bits per index, palette, deflate, no filter choice, not interlaced
        let palette = (0..<levels).flatMap { _ in [color.red, color.green, color.blue] }
        let opacity = (0..<levels).map { UInt8($0 * 255 / (levels - 1)) }
        var out: [UInt8] = [137, 80, 78, 71, 13, 10, 26, 10]
        for (type, body) in [("IHDR", header), ("PLTE", palette), ("tRNS", opacity), ("IDAT", zlib), ("IEND", [])] {
            out.appendBigEndian(UInt32(body.count))
            let typed = Array(type.utf8) + body
            out += typed
            out.appendBigEndian(CRC32.checksum(typed))
        }
        return Data(out)
    }

    static func adler32(_ bytes: [UInt8]) -> UInt32 {
        var a: UInt32 = 1, b: UInt32 = 0
        for byte in bytes {
            a = (a + UInt32(byte)) % 65521
            b = (b + a) % 65521
        }
        return b << 16 | a
    }
}
