/// Parses the `DATE` values of the command line and `PATVAULT_NOW`.
///
/// Accepted: `2027-06-30` (00:00:00 UTC that day), or an ISO 8601 time with a zone:
/// `2027-06-30T09:00Z`, `2027-06-30T09:00:00Z`, `2027-06-30T09:00:00.5+02:00`, `...+0200`.
/// Fractions of a second are dropped; everything is converted to UTC.
public enum DateParser {
    /// Why a date was refused, phrased for the error line.
    public struct Failure: Error, Equatable, CustomStringConvertible {
        public var input: String
        public var reason: String
        public var description: String {
            "'\(input)' is not a date: \(reason) (use 2027-06-30 or 2027-06-30T09:00:00Z)"
        }
    }

    public static func parse(_ text: String) throws(Failure) -> Timestamp {
        let bytes = Array(text.utf8)
        func fail(_ reason: String) -> Failure { Failure(input: String(text.prefix(64)), reason: reason) }
        var index = 0

        func number(_ width: Int) throws(Failure) -> Int {
            guard index + width <= bytes.count else { throw fail("it ends too early") }
            var value = 0
            for offset in 0..<width {
                let byte = bytes[index + offset]
                guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else {
                    throw fail("expected a digit at position \(index + offset + 1)")
                }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
            }
            index += width
            return value
        }
        func expect(_ char: Character) throws(Failure) {
            guard index < bytes.count, bytes[index] == char.asciiValue else {
                throw fail("expected '\(char)' at position \(index + 1)")
            }
            index += 1
        }

        let year = try number(4)
        try expect("-")
        let month = try number(2)
        try expect("-")
        let day = try number(2)
        let date = CivilDate(year: year, month: month, day: day)
        guard date.isValid else { throw fail("there is no such day") }
        guard year >= 1970 else { throw fail("the year is before 1970") }
        if index == bytes.count {
            return CivilDateTime(date: date, hour: 0, minute: 0, second: 0).timestamp
        }

        guard bytes[index] == UInt8(ascii: "T") || bytes[index] == UInt8(ascii: "t") else {
            throw fail("expected 'T' between date and time")
        }
        index += 1
        let hour = try number(2)
        try expect(":")
        let minute = try number(2)
        var second = 0
        if index < bytes.count, bytes[index] == UInt8(ascii: ":") {
            index += 1
            second = try number(2)
            if index < bytes.count, bytes[index] == UInt8(ascii: ".") || bytes[index] == UInt8(ascii: ",") {
                index += 1
                let start = index
                while index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") {
                    index += 1
                }
                guard index > start else { throw fail("expected digits after the decimal point") }
            }
        }
        guard hour < 24, minute < 60, second < 60 else { throw fail("the time of day is out of range") }

        guard index < bytes.count else { throw fail("a time needs a zone, such as Z or +02:00") }
        var offsetSeconds = 0
        switch bytes[index] {
        case UInt8(ascii: "Z"), UInt8(ascii: "z"):
            index += 1
        case UInt8(ascii: "+"), UInt8(ascii: "-"):
            let sign = bytes[index] == UInt8(ascii: "-") ? -1 : 1
            index += 1
            let zoneHours = try number(2)
            var zoneMinutes = 0
            if index < bytes.count {
                if bytes[index] == UInt8(ascii: ":") { index += 1 }
                zoneMinutes = try number(2)
            }
            guard zoneHours <= 18, zoneMinutes < 60 else { throw fail("the zone offset is out of range") }
            offsetSeconds = sign * (zoneHours * 3600 + zoneMinutes * 60)
        default:
            throw fail("expected a zone (Z or +HH:MM) at position \(index + 1)")
        }
        guard index == bytes.count else { throw fail("unexpected text after the zone") }
        let local = CivilDateTime(date: date, hour: hour, minute: minute, second: second).timestamp
        return local.adding(seconds: Int64(-offsetSeconds))
    }
}
