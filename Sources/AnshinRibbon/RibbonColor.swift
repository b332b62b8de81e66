import Foundation

/// A colour of the ribbon, with the WCAG 2 arithmetic for contrast.
public struct RibbonColor: Sendable, Hashable, CustomStringConvertible {
    public var red: UInt8
    public var green: UInt8
    public var blue: UInt8

    public init(red: UInt8, green: UInt8, blue: UInt8) {
        self.red = red
        self.green = green
        self.blue = blue
    }

    /// Reads `#rrggbb` or `#rgb`, in either case.
    public init?(hex: String) {
        guard hex.first == "#" else { return nil }
        var digits = String(hex.dropFirst())
        if digits.count == 3 { digits = digits.map { "\($0)\($0)" }.joined() }
        guard digits.count == 6, digits.allSatisfy(\.isHexDigit), let value = UInt32(digits, radix: 16) else { return nil }
        self.init(red: UInt8(value >> 16 & 0xFF), green: UInt8(value >> 8 & 0xFF), blue: UInt8(value & 0xFF))
    }

    public static let white = RibbonColor(red: 255, green: 255, blue: 255)
    public static let black = RibbonColor(red: 0, green: 0, blue: 0)

    /// `#rrggbb` in lower case: the one spelling used in the extension and for comparisons.
    public var hex: String {
        let digits = Array("0123456789abcdef")
        return "#" + [red, green, blue].map { "\(digits[Int($0 >> 4)])\(digits[Int($0 & 0xF)])" }.joined()
    }

    public var description: String { hex }

    /// Relative luminance, as WCAG 2.x defines it (sRGB channels linearised, weighted 0.2126, 0.7152, 0.0722).
    public var relativeLuminance: Double {
        func linear(_ channel: UInt8) -> Double {
            let value = Double(channel) / 255
            return value <= 0.04045 ? value / 12.92 : pow((value + 0.055) / 1.055, 2.4)
        }
        return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)
    }

    /// The WCAG contrast ratio with `other`, from 1 (none) to 21 (black on white).
    public func contrast(with other: RibbonColor) -> Double {
        let (a, b) = (relativeLuminance, other.relativeLuminance)
        return (max(a, b) + 0.05) / (min(a, b) + 0.05)
    }

    /// WCAG 2 level AA for normal-size text: a contrast of at least 4.5 to 1. The ribbon's label is
    /// small bold text, so the large-text allowance (3 to 1) does not apply.
    public static let minimumContrast = 4.5

    /// White or black, whichever stands out more on this colour (white when they tie). One of the
    /// two always reaches 4.58 to 1, so an automatic label always passes AA.
    public var readableText: RibbonColor {
        contrast(with: .white) >= contrast(with: .black) ? .white : .black
    }
}
