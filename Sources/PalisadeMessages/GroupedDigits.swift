/// Whole numbers as people read them in messages, the same whatever the locale.
public enum GroupedDigits {
    /// `value`'s digits grouped by threes: `200,000`, or `1 048 576` with a space `separator`.
    public static func text(_ value: Int, separator: Character = ",") -> String {
        let digits = Array(String(value.magnitude))
        var text = value < 0 ? "-" : ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { text.append(separator) }
            text.append(digit)
        }
        return text
    }
}
