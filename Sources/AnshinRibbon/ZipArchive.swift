import Foundation

/// A zip archive written so the same files always give the same bytes: entries sorted by path,
/// stored without compression, every timestamp 1980-01-01 00:00 (the format's earliest), Unix
/// permissions 0644, no extra fields. The extension is a few kilobytes, so compression would
/// save little and would tie the bytes to one zlib version.
enum ZipArchive {
    static func make(_ files: [ExtensionFile]) -> Data {
        let sorted = files.sorted { $0.path < $1.path }
        let time: UInt16 = 0
        let date: UInt16 = 1 << 5 | 1  // 1980, January, 1st
        let utf8Names: UInt16 = 1 << 11
        var out: [UInt8] = []
        var central: [UInt8] = []
        for file in sorted {
            let name = Array(file.path.utf8)
            let data = [UInt8](file.contents)
            let crc = CRC32.checksum(data)
            let offset = UInt32(out.count)
            out.appendLittleEndian(UInt32(0x0403_4B50))
            out.appendLittleEndian(UInt16(10))  // version needed: 1.0, stored
            out.appendLittleEndian(utf8Names)
            out.appendLittleEndian(UInt16(0))  // method: stored
            out.appendLittleEndian(time)
            out.appendLittleEndian(date)
            out.appendLittleEndian(crc)
            out.appendLittleEndian(UInt32(data.count))
            out.appendLittleEndian(UInt32(data.count))
            out.appendLittleEndian(UInt16(name.count))
            out.appendLittleEndian(UInt16(0))
            out += name
            out += data

            central.appendLittleEndian(UInt32(0x0201_4B50))
            central.appendLittleEndian(UInt16(3 << 8 | 30))  // made by: Unix, zip 3.0
            central.appendLittleEndian(UInt16(10))
            central.appendLittleEndian(utf8Names)
            central.appendLittleEndian(UInt16(0))
            central.appendLittleEndian(time)
            central.appendLittleEndian(date)
            central.appendLittleEndian(crc)
            central.appendLittleEndian(UInt32(data.count))
            central.appendLittleEndian(UInt32(data.count))
            central.appendLittleEndian(UInt16(name.count))
            central.appendLittleEndian(UInt16(0))  // extra
            central.appendLittleEndian(UInt16(0))  // comment
            central.appendLittleEndian(UInt16(0))  // disk
            central.appendLittleEndian(UInt16(0))  // internal attributes
            central.appendLittleEndian(UInt32(0o100644) << 16)  // regular file, rw-r--r--
            central.appendLittleEndian(offset)
            central += name
        }
        let centralOffset = UInt32(out.count)
        out += central
        out.appendLittleEndian(UInt32(0x0605_4B50))
        out.appendLittleEndian(UInt16(0))
        out.appendLittleEndian(UInt16(0))
        out.appendLittleEndian(UInt16(sorted.count))
        out.appendLittleEndian(UInt16(sorted.count))
        out.appendLittleEndian(UInt32(central.count))
        out.appendLittleEndian(centralOffset)
        out.appendLittleEndian(UInt16(0))
        return Data(out)
    }
}
