//! Sizes as people write them: `4096`, `512MiB`, `4 GiB`, `1.5GB`, `200kB`.
//!
//! Binary units (KiB, MiB, GiB, TiB, PiB, EiB) are powers of 1024, decimal ones (kB, MB, GB,
//! TB, PB, EB) powers of 1000, matched without regard to case. A bare `K`, `M` or `G`
//! is refused: it is the difference between 4 GB and 4 GiB (7%), so the person says
//! which. Fractions are exact (no floating point) and round down to whole bytes.

/// Parses a size into bytes; the error says what is accepted.
pub fn parse_size(text: &str) -> Result<u64, String> {
    let bad = || {
        format!(
            "{text:?} is not a size: write bytes (4096) or a number with a unit, such as 512MiB, \
             4GiB or 1.5GB"
        )
    };
    let trimmed = text.trim();
    let split = trimmed
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(trimmed.len());
    let (number, unit) = trimmed.split_at(split);
    let multiplier = unit_bytes(unit.trim()).ok_or_else(bad)?;
    let (whole, fraction) = number.split_once('.').unwrap_or((number, ""));
    if whole.is_empty() && fraction.is_empty() {
        return Err(bad());
    }
    if fraction.len() > 18 || !fraction.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad());
    }
    if multiplier == 1 && !fraction.trim_end_matches('0').is_empty() {
        return Err(format!("{text:?} is not a whole number of bytes"));
    }
    let too_large = || format!("{text:?} is too large (the largest size is 16 EiB)");
    let whole: u128 = if whole.is_empty() {
        0
    } else {
        whole.parse::<u64>().map_err(|_| too_large())?.into()
    };
    let scale = 10u128.pow(fraction.len() as u32);
    let fraction: u128 = if fraction.is_empty() {
        0
    } else {
        fraction.parse().map_err(|_| bad())?
    };
    // Both parts below 2^64 and the multiplier at most 2^60: no u128 overflow.
    let bytes = whole * multiplier as u128 + fraction * multiplier as u128 / scale;
    u64::try_from(bytes).map_err(|_| too_large())
}

fn unit_bytes(unit: &str) -> Option<u64> {
    let unit = unit.to_ascii_lowercase();
    let (power, binary) = match unit.as_str() {
        "" | "b" => return Some(1),
        "kib" => (1, true),
        "mib" => (2, true),
        "gib" => (3, true),
        "tib" => (4, true),
        "pib" => (5, true),
        "eib" => (6, true),
        "kb" => (1, false),
        "mb" => (2, false),
        "gb" => (3, false),
        "tb" => (4, false),
        "pb" => (5, false),
        "eb" => (6, false),
        _ => return None,
    };
    Some(if binary { 1024u64 } else { 1000 }.pow(power))
}

#[cfg(test)]
mod tests {
    use super::parse_size;

    #[test]
    fn bytes_and_units() {
        let cases = [
            ("0", 0),
            ("4096", 4096),
            ("4096B", 4096),
            (" 7 b ", 7),
            ("512MiB", 512 << 20),
            ("512mib", 512 << 20),
            ("4 GiB", 4 << 30),
            ("1.5GB", 1_500_000_000),
            ("1.5GiB", 3 << 29),
            ("200kB", 200_000),
            ("2KB", 2000),
            ("0.5KiB", 512),
            (".5KiB", 512),
            ("1.0009765625KiB", 1025),
            ("1.3KiB", 1331), // 1331.2 rounds down
            ("3.0", 3),
        ];
        for (text, bytes) in cases {
            assert_eq!(parse_size(text), Ok(bytes), "{text}");
        }
        assert_eq!(parse_size("15EiB").unwrap(), 15 << 60);
        assert_eq!(parse_size("18446744073709551615").unwrap(), u64::MAX);
    }

    #[test]
    fn nonsense_is_refused_with_the_reason() {
        for text in [
            "",
            "abc",
            "MiB",
            "1..5GB",
            "1.5.2",
            "12 parsecs",
            "4G",
            "4M",
            "-1",
            "1e9",
            ".",
        ] {
            let err = parse_size(text).unwrap_err();
            assert!(err.contains("not a size"), "{text}: {err}");
        }
        assert!(
            parse_size("1.5")
                .unwrap_err()
                .contains("whole number of bytes")
        );
        assert!(
            parse_size("18446744073709551616")
                .unwrap_err()
                .contains("too large")
        );
        assert!(parse_size("16EiB").unwrap_err().contains("too large"));
    }
}
