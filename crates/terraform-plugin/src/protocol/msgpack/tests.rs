use super::*;
use crate::protocol::types::object_of_every_kind;
use proptest::prelude::*;

fn round_trip(value: &Value, ty: &Type) -> Value {
    let bytes = encode(value, ty).expect("encodes");
    decode(&bytes, ty).expect("decodes")
}

#[test]
fn every_type_round_trips() {
    let ty = object_of_every_kind();
    let value = Value::object([
        ("s", Value::from("héllo")),
        ("n", Value::Number(Number::Float(1.5))),
        ("b", Value::Bool(false)),
        ("l", Value::List(vec![Value::from("a"), Value::Null, Value::unknown()])),
        ("st", Value::Set(vec![Value::from(-7), Value::from(300)])),
        ("m", Value::Map([("k".to_string(), Value::Bool(true))].into())),
        ("t", Value::Tuple(vec![Value::from("x"), Value::from(i64::MIN)])),
        (
            "d",
            Value::Dynamic(Box::new((Type::list(Type::Number), Value::List(vec![Value::from(1)])))),
        ),
        ("o", Value::object([("inner", Value::Null)])),
    ]);
    assert_eq!(round_trip(&value, &ty), value);
}

#[test]
fn null_and_unknown_at_top_level() {
    assert_eq!(encode(&Value::Null, &object_of_every_kind()).unwrap(), vec![0xc0]);
    assert_eq!(
        encode(&Value::unknown(), &Type::String).unwrap(),
        vec![0xc7, 0x00, 0x00]
    );
    assert_eq!(decode(&[0xc0], &object_of_every_kind()).unwrap(), Value::Null);
    assert_eq!(decode(&[0xd4, 0x00, 0x00], &Type::String).unwrap(), Value::unknown());
}

#[test]
fn objects_are_written_with_every_attribute() {
    let ty = Type::object([("a", Type::String), ("b", Type::Number)]);
    let bytes = encode(&Value::object([("a", Value::from("x"))]), &ty).unwrap();
    // fixmap of 2: "a" => "x", "b" => nil
    assert_eq!(bytes, vec![0x82, 0xa1, b'a', 0xa1, b'x', 0xa1, b'b', 0xc0]);
}

#[test]
fn refined_unknown_from_terraform_is_read() {
    // go-cty writes "unknown, not null, prefix foo" as fixext8 code 12.
    let bytes = [0xd7, 0x0c, 0x82, 0x01, 0xc2, 0x02, 0xa3, b'f', b'o', b'o'];
    let Value::Unknown(r) = decode(&bytes, &Type::String).unwrap() else {
        panic!("not unknown")
    };
    assert_eq!(r.nullable, Some(false));
    assert_eq!(r.string_prefix.as_deref(), Some("foo"));
}

#[test]
fn refined_unknown_round_trips_with_all_refinements() {
    let refinements = Refinements {
        nullable: Some(false),
        string_prefix: None,
        number_lower: Some((Number::Int(1), true)),
        number_upper: Some((Number::Float(9.5), false)),
        length_min: Some(2),
        length_max: Some(5),
    };
    let v = Value::Unknown(refinements);
    assert_eq!(round_trip(&v, &Type::Number), v);
}

#[test]
fn refinements_we_do_not_know_are_skipped() {
    // map {99: [1,2], 1: false}
    let payload = [0x82, 0x63, 0x92, 0x01, 0x02, 0x01, 0xc2];
    let mut bytes = vec![0xc7, payload.len() as u8, 0x0c];
    bytes.extend_from_slice(&payload);
    let Value::Unknown(r) = decode(&bytes, &Type::String).unwrap() else {
        panic!("not unknown")
    };
    assert_eq!(r.nullable, Some(false));
}

#[test]
fn any_extension_code_is_unknown() {
    assert_eq!(decode(&[0xd4, 0x05, 0xff], &Type::Bool).unwrap(), Value::unknown());
}

#[test]
fn numbers_of_every_width() {
    for n in [
        0i64,
        1,
        127,
        128,
        255,
        256,
        -1,
        -32,
        -33,
        -129,
        65536,
        i64::MAX,
        i64::MIN,
    ] {
        assert_eq!(round_trip(&Value::from(n), &Type::Number), Value::from(n), "{n}");
    }
    assert_eq!(
        decode(&[0xcf, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff], &Type::Number).unwrap(),
        Value::Number(Number::UInt(u64::MAX))
    );
    let f32_one_half = [0xca, 0x3f, 0x00, 0x00, 0x00];
    assert_eq!(
        decode(&f32_one_half, &Type::Number).unwrap(),
        Value::Number(Number::Float(0.5))
    );
    let fractional = Value::Number(Number::Float(-0.1));
    assert_eq!(round_trip(&fractional, &Type::Number), fractional);
}

#[test]
fn big_decimals_travel_as_strings() {
    let big = Value::Number(Number::Decimal("98765432109876543210.0123456789".into()));
    let bytes = encode(&big, &Type::Number).unwrap();
    assert_eq!(bytes[0], 0xbf, "fixstr of 31 bytes");
    assert_eq!(decode(&bytes, &Type::Number).unwrap(), big);
    assert!(decode(&[0xa3, b'1', b'x', b'2'], &Type::Number).is_err());
}

#[test]
fn long_strings_and_collections_use_wide_headers() {
    let long = "x".repeat(70_000);
    assert_eq!(
        round_trip(&Value::from(long.as_str()), &Type::String),
        Value::from(long.as_str())
    );
    let many = Value::List((0..300).map(Value::from).collect());
    assert_eq!(round_trip(&many, &Type::list(Type::Number)), many);
}

#[test]
fn dynamic_null_and_inferred_types() {
    assert_eq!(round_trip(&Value::Null, &Type::Dynamic), Value::Null);
    let v = round_trip(&Value::from("s"), &Type::Dynamic);
    assert_eq!(v, Value::Dynamic(Box::new((Type::String, Value::from("s")))));
}

#[test]
fn garbage_is_an_error() {
    let ty = object_of_every_kind();
    let cases: &[&[u8]] = &[
        &[],
        &[0xc1],
        &[0x81, 0xa1, b'z', 0xc0],                         // unknown attribute
        &[0x81, 0x01, 0xc0],                               // non-string key
        &[0xdd, 0xff, 0xff, 0xff, 0xff],                   // 4 billion elements announced
        &[0xdb, 0xff, 0xff, 0xff, 0xff],                   // 4 GB string announced
        &[0xc0, 0xc0],                                     // trailing bytes
        &[0x81, 0xa1, b's', 0xa2, 0xff, 0xfe],             // invalid UTF-8
        &[0x81, 0xa1, b't', 0x91, 0xa1, b'x'],             // short tuple
        &[0x81, 0xa1, b'd', 0x92, 0xc4, 0x01, b'{', 0xc0], // bad dynamic type
    ];
    for bytes in cases {
        assert!(decode(bytes, &ty).is_err(), "accepted {bytes:x?}");
    }
    assert!(decode(&[0xdd, 0xff, 0xff, 0xff, 0xff], &Type::list(Type::String)).is_err());
}

#[test]
fn deep_nesting_is_refused() {
    let mut ty = Type::String;
    for _ in 0..100 {
        ty = Type::list(ty);
    }
    let mut bytes = vec![0x91; 100];
    bytes.push(0xa0);
    assert_eq!(decode(&bytes, &ty), Err(MsgpackError::TooDeep));
}

fn arb_value() -> impl Strategy<Value = (Value, Type)> {
    let leaf = prop_oneof![
        any::<String>().prop_map(|s| (Value::String(s), Type::String)),
        any::<i64>().prop_map(|n| (Value::from(n), Type::Number)),
        any::<bool>().prop_map(|b| (Value::Bool(b), Type::Bool)),
        (-1.0e12f64..1.0e12).prop_map(|f| (Value::Number(Number::Float(f)), Type::Number)),
        Just((Value::Null, Type::String)),
        Just((Value::unknown(), Type::Bool)),
    ];
    leaf.prop_recursive(4, 32, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(|items| {
                let ty = Type::Tuple(items.iter().map(|(_, t)| t.clone()).collect());
                (Value::Tuple(items.into_iter().map(|(v, _)| v).collect()), ty)
            }),
            prop::collection::btree_map("[a-z]{1,6}", inner, 0..5).prop_map(|attrs| {
                let ty = Type::Object(attrs.iter().map(|(k, (_, t))| (k.clone(), t.clone())).collect());
                (Value::Object(attrs.into_iter().map(|(k, (v, _))| (k, v)).collect()), ty)
            }),
        ]
    })
}

proptest! {
    #[test]
    fn random_values_round_trip((value, ty) in arb_value()) {
        prop_assert_eq!(round_trip(&value, &ty), value);
    }

    #[test]
    fn random_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..256)) {
        let _ = decode(&bytes, &object_of_every_kind());
        let _ = decode(&bytes, &Type::Dynamic);
    }

    #[test]
    fn truncated_encodings_are_errors((value, ty) in arb_value(), cut in any::<prop::sample::Index>()) {
        let bytes = encode(&value, &ty).unwrap();
        let cut = cut.index(bytes.len());
        prop_assert!(decode(&bytes[..cut], &ty).is_err());
    }
}
