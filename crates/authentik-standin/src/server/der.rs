//! Just enough DER reading to take apart the two structures the stand-in
//! needs to look into: a PKCS#8 `PrivateKeyInfo` (to hand out the RSA key in
//! the traditional PKCS#1 PEM form authentik stores) and a PKCS#1
//! `RSAPublicKey` (for the JWKS modulus and exponent).

const SEQUENCE: u8 = 0x30;
const INTEGER: u8 = 0x02;
const OCTET_STRING: u8 = 0x04;

/// Splits one tag-length-value off the front of `input`.
fn split_tlv(input: &[u8]) -> Option<(u8, &[u8], &[u8])> {
    let (&tag, rest) = input.split_first()?;
    let (&first, rest) = rest.split_first()?;
    let (length, rest) = if first < 0x80 {
        (usize::from(first), rest)
    } else {
        let count = usize::from(first & 0x7f);
        if count == 0 || count > 4 || rest.len() < count {
            return None;
        }
        let length = rest[..count].iter().fold(0usize, |acc, b| (acc << 8) | usize::from(*b));
        (length, &rest[count..])
    };
    if rest.len() < length {
        return None;
    }
    Some((tag, &rest[..length], &rest[length..]))
}

/// The contents of a TLV with the expected tag, and what follows it.
fn expect(input: &[u8], tag: u8) -> Option<(&[u8], &[u8])> {
    let (found, value, rest) = split_tlv(input)?;
    (found == tag).then_some((value, rest))
}

/// The PKCS#1 `RSAPrivateKey` inside a PKCS#8 `PrivateKeyInfo`.
pub(crate) fn pkcs1_from_pkcs8(pkcs8: &[u8]) -> Option<&[u8]> {
    let (info, _) = expect(pkcs8, SEQUENCE)?;
    let (_version, rest) = expect(info, INTEGER)?;
    let (_algorithm, rest) = expect(rest, SEQUENCE)?;
    let (private_key, _) = expect(rest, OCTET_STRING)?;
    Some(private_key)
}

/// Modulus and public exponent of a PKCS#1 `RSAPublicKey`, without the
/// sign-padding zero byte DER puts in front of a high-bit integer.
pub(crate) fn rsa_public_numbers(public_key: &[u8]) -> Option<(&[u8], &[u8])> {
    let (key, _) = expect(public_key, SEQUENCE)?;
    let (modulus, rest) = expect(key, INTEGER)?;
    let (exponent, _) = expect(rest, INTEGER)?;
    let trim = |n: &[u8]| -> usize { n.iter().take_while(|b| **b == 0).count().min(n.len().saturating_sub(1)) };
    Some((&modulus[trim(modulus)..], &exponent[trim(exponent)..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_an_rsa_public_key() {
        // SEQUENCE { INTEGER 0x00 0x81, INTEGER 0x01 0x00 0x01 }
        let der = [0x30, 0x09, 0x02, 0x02, 0x00, 0x81, 0x02, 0x03, 0x01, 0x00, 0x01];
        let (n, e) = rsa_public_numbers(&der).expect("parsed");
        assert_eq!(n, &[0x81]);
        assert_eq!(e, &[0x01, 0x00, 0x01]);
    }

    #[test]
    fn reads_a_long_form_length_and_unwraps_pkcs8() {
        let inner = vec![0xAB; 200];
        let mut octets = vec![0x04, 0x81, 200];
        octets.extend(&inner);
        let mut body = vec![0x02, 0x01, 0x00, 0x30, 0x00];
        body.extend(&octets);
        let mut der = vec![0x30, 0x81, u8::try_from(body.len()).expect("short")];
        der.extend(&body);
        assert_eq!(pkcs1_from_pkcs8(&der), Some(inner.as_slice()));
    }

    #[test]
    fn garbage_is_refused() {
        assert!(pkcs1_from_pkcs8(&[0x30, 0x85, 0, 0, 0, 0, 1]).is_none());
        assert!(rsa_public_numbers(&[]).is_none());
        assert!(rsa_public_numbers(&[0x30, 0x02, 0x02]).is_none());
    }
}
