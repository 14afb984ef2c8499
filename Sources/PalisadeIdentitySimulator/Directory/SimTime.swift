/// The ways the identity simulators spell a time, from Unix seconds, without a `DateFormatter`
/// (not `Sendable`, and slow to make per answer): Entra's and Graph's three, and Okta's.
enum SimTime {
    /// `2021-10-26T16:56:36Z`: Graph's DateTimeOffset properties.
    static func iso(_ seconds: Int64) -> String {
        let (date, time) = parts(seconds)
        return date + "T" + time + "Z"
    }

    /// `2020-08-18T12:51:51`: the `date` of a Graph error's `innerError` (no zone, as captured).
    static func innerErrorDate(_ seconds: Int64) -> String {
        let (date, time) = parts(seconds)
        return date + "T" + time
    }

    /// `2013-06-24T16:39:18.000Z`: Okta's timestamps, always with milliseconds.
    static func okta(_ seconds: Int64) -> String {
        let (date, time) = parts(seconds)
        return date + "T" + time + ".000Z"
    }

    /// `2023-05-06 06:03:00Z`: the token endpoint's `timestamp`.
    static func sts(_ seconds: Int64) -> String {
        let (date, time) = parts(seconds)
        return date + " " + time + "Z"
    }

    /// `("YYYY-MM-DD", "HH:MM:SS")` in UTC; days from the epoch to a civil date by Howard
    /// Hinnant's algorithm (proleptic Gregorian, valid for any Int64 day count we can meet).
    static func parts(_ seconds: Int64) -> (String, String) {
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let second = seconds - days * 86_400
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        let date = pad(year, 4) + "-" + pad(month, 2) + "-" + pad(day, 2)
        let time = pad(second / 3600, 2) + ":" + pad(second / 60 % 60, 2) + ":" + pad(second % 60, 2)
        return (date, time)
    }

    private static func pad(_ value: Int64, _ width: Int) -> String {
        let text = String(value)
        return String(repeating: "0", count: max(0, width - text.count)) + text
    }
}
