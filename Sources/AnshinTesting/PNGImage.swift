import CZlib
import Foundation

/// A decoded PNG (8-bit RGB, RGBA or palette, not interlaced: what Chromium's screenshots are),
/// so tests can check the colour of a pixel in what the browser drew.
public struct PNGImage: Sendable {
    /// One pixel's colour.
    public struct Color: Sendable, Hashable, CustomStringConvertible {
        public var red: UInt8
        public var green: UInt8
        public var blue: UInt8
        public var alpha: UInt8

        public init(red: UInt8, green: UInt8, blue: UInt8, alpha: UInt8 = 255) {
            self.red = red
            self.green = green
            self.blue = blue
            self.alpha = alpha
        }

        /// A colour written as `#rrggbb`.
        public init?(hex: String) {
            guard hex.count == 7, hex.first == "#", let value = UInt32(hex.dropFirst(), radix: 16) else { return nil }
            self.init(red: UInt8(value >> 16 & 0xFF), green: UInt8(value >> 8 & 0xFF), blue: UInt8(value & 0xFF))
        }

        public var description: String {
            let hex = String(format: "#%02x%02x%02x", red, green, blue)
            return alpha == 255 ? hex : "\(hex) alpha \(alpha)"
        }

        /// Whether each channel is within `tolerance` of `other`'s (antialiasing, colour profiles).
        public func isClose(to other: Color, tolerance: Int = 6) -> Bool {
            abs(Int(red) - Int(other.red)) <= tolerance && abs(Int(green) - Int(other.green)) <= tolerance
                && abs(Int(blue) - Int(other.blue)) <= tolerance
        }
    }

    public let width: Int
    public let height: Int
    private let channels: Int
    private let pixels: [UInt8]
    /// For palette images: the colour of each index.
    private let palette: [Color]

    /// Decodes `data`; throws for anything but an 8-bit, non-interlaced RGB or RGBA image.
    public init(_ data: Data) throws {
        let bytes = [UInt8](data)
        guard bytes.count > 8, bytes[0..<8].elementsEqual([137, 80, 78, 71, 13, 10, 26, 10]) else {
            throw PNGError("not a PNG file")
        }
        var offset = 8
        var header: [UInt8] = []
        var compressed: [UInt8] = []
        var paletteBytes: [UInt8] = []
        var transparency: [UInt8] = []
        while offset + 8 <= bytes.count {
            let length = Int(bytes[offset]) << 24 | Int(bytes[offset + 1]) << 16 | Int(bytes[offset + 2]) << 8 | Int(bytes[offset + 3])
            let type = String(decoding: bytes[(offset + 4)..<(offset + 8)], as: UTF8.self)
            let body = offset + 8
            guard body + length + 4 <= bytes.count else { throw PNGError("chunk \(type) runs past the end") }
            switch type {
            case "IHDR": header = Array(bytes[body..<(body + length)])
            case "IDAT": compressed += bytes[body..<(body + length)]
            case "PLTE": paletteBytes = Array(bytes[body..<(body + length)])
            case "tRNS": transparency = Array(bytes[body..<(body + length)])
            default: break
            }
            offset = body + length + 4
            if type == "IEND" { break }
        }
        guard header.count == 13 else { throw PNGError("no IHDR chunk") }
        func word(_ at: Int) -> Int { Int(header[at]) << 24 | Int(header[at + 1]) << 16 | Int(header[at + 2]) << 8 | Int(header[at + 3]) }
        width = word(0)
        height = word(4)
        let depth = header[8], colorType = header[9], interlace = header[12]
        guard depth == 8, interlace == 0, [2, 3, 6].contains(colorType), width > 0, height > 0 else {
            throw PNGError("unsupported PNG: depth \(depth), colour type \(colorType), interlace \(interlace)")
        }
        channels = colorType == 6 ? 4 : (colorType == 2 ? 3 : 1)
        palette = stride(from: 0, to: paletteBytes.count - 2, by: 3).map { start in
            let index = start / 3
            return Color(red: paletteBytes[start], green: paletteBytes[start + 1], blue: paletteBytes[start + 2],
                         alpha: index < transparency.count ? transparency[index] : 255)
        }
        guard colorType != 3 || !palette.isEmpty else { throw PNGError("a palette image without a palette") }
        let stride = width * channels
        var raw = [UInt8](repeating: 0, count: height * (stride + 1))
        var rawLength = uLongf(raw.count)
        let status = compressed.withUnsafeBufferPointer { input in
            raw.withUnsafeMutableBufferPointer { output in
                uncompress(output.baseAddress, &rawLength, input.baseAddress, uLong(input.count))
            }
        }
        guard status == Z_OK, Int(rawLength) == raw.count else { throw PNGError("cannot inflate the image data (zlib \(status))") }
        pixels = try Self.unfilter(raw, width: width, height: height, channels: channels)
    }

    /// The colour at (`x`, `y`), counted from the top left.
    public func color(x: Int, y: Int) -> Color {
        precondition(x >= 0 && x < width && y >= 0 && y < height, "(\(x), \(y)) is outside the \(width)x\(height) image")
        let at = (y * width + x) * channels
        if channels == 1 {
            let index = Int(pixels[at])
            return index < palette.count ? palette[index] : Color(red: 0, green: 0, blue: 0, alpha: 0)
        }
        return Color(red: pixels[at], green: pixels[at + 1], blue: pixels[at + 2], alpha: channels == 4 ? pixels[at + 3] : 255)
    }

    /// Reverses the per-row filters (PNG specification, section 9).
    private static func unfilter(_ raw: [UInt8], width: Int, height: Int, channels: Int) throws -> [UInt8] {
        let stride = width * channels
        var out = [UInt8](repeating: 0, count: height * stride)
        for row in 0..<height {
            let filter = raw[row * (stride + 1)]
            let source = row * (stride + 1) + 1, target = row * stride
            for column in 0..<stride {
                let value = raw[source + column]
                let left = column >= channels ? Int(out[target + column - channels]) : 0
                let up = row > 0 ? Int(out[target - stride + column]) : 0
                let upLeft = row > 0 && column >= channels ? Int(out[target - stride + column - channels]) : 0
                let predictor: Int
                switch filter {
                case 0: predictor = 0
                case 1: predictor = left
                case 2: predictor = up
                case 3: predictor = (left + up) / 2
                case 4:
                    let estimate = left + up - upLeft
                    let toLeft = abs(estimate - left), toUp = abs(estimate - up), toUpLeft = abs(estimate - upLeft)
                    predictor = toLeft <= toUp && toLeft <= toUpLeft ? left : (toUp <= toUpLeft ? up : upLeft)
                default: throw PNGError("unknown filter \(filter) on row \(row)")
                }
                out[target + column] = UInt8(truncatingIfNeeded: Int(value) + predictor)
            }
        }
        return out
    }
}

/// Why a PNG could not be decoded.
public struct PNGError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
