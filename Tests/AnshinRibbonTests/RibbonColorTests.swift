@testable import AnshinRibbon
import Testing

@Suite struct RibbonColorTests {
    @Test func readsLongAndShortHex() {
        #expect(RibbonColor(hex: "#C62828") == RibbonColor(red: 0xC6, green: 0x28, blue: 0x28))
        #expect(RibbonColor(hex: "#fa0") == RibbonColor(red: 0xFF, green: 0xAA, blue: 0x00))
        #expect(RibbonColor(hex: "#fa0")?.hex == "#ffaa00")
        for invalid in ["c62828", "#c6282", "#gggggg", "", "#", "#c628281"] {
            #expect(RibbonColor(hex: invalid) == nil, "\(invalid)")
        }
    }

    /// Ratios from the WCAG definition: black on white is 21:1, and #767676 is the lightest grey
    /// that passes AA on white (4.54:1).
    @Test func contrastFollowsWCAG() {
        #expect(abs(RibbonColor.black.contrast(with: .white) - 21) < 0.0001)
        #expect(abs(RibbonColor.white.contrast(with: .white) - 1) < 0.0001)
        let grey = RibbonColor(hex: "#767676")!
        #expect(abs(grey.contrast(with: .white) - 4.542) < 0.001)
        #expect(grey.contrast(with: .white) == RibbonColor.white.contrast(with: grey), "symmetric")
        #expect(RibbonColor(hex: "#777777")!.contrast(with: .white) < RibbonColor.minimumContrast)
    }

    @Test func automaticTextAlwaysPassesAA() {
        for red in stride(from: 0, through: 255, by: 15) {
            for green in stride(from: 0, through: 255, by: 15) {
                for blue in stride(from: 0, through: 255, by: 15) {
                    let color = RibbonColor(red: UInt8(red), green: UInt8(green), blue: UInt8(blue))
                    #expect(color.readableText.contrast(with: color) >= RibbonColor.minimumContrast, "\(color)")
                }
            }
        }
        #expect(RibbonPlan.productionColor.readableText == .white)
        #expect(RibbonPlan.stagingColor.readableText == .black)
    }
}
