//! How a step table becomes a [`RawStep`]. Each key is either an action,
//! read by [`Action`]'s own (externally tagged) `Deserialize` from that one
//! key and its value, or a modifier; any other key is serde's `unknown field`,
//! listing [`KEYS`]. Errors keep the TOML deserializer's line, column and
//! wording, exactly as a derived struct of optional fields would report them.

use std::fmt;

use serde::de::value::StrDeserializer;
use serde::de::{
    self, DeserializeSeed, Deserializer, EnumAccess, IntoDeserializer, MapAccess, SeqAccess,
    Unexpected, VariantAccess, Visitor,
};
use serde::{Deserialize, forward_to_deserialize_any};

use super::action::{Action, RawStep};

/// Every key of a step, in the order `unknown field` lists them: the action
/// keys in [`Action`]'s order, with each modifier after the action it goes with.
pub(crate) const KEYS: &[&str] = &[
    "connect",
    "accept",
    "send",
    "send-line",
    "send-hex",
    "send-random",
    "repeat",
    "split",
    "pause",
    "expect-line",
    "expect-line-hex",
    "expect-replies",
    "expect-closed",
    "expect-silence",
    "expect-exit",
    "expect-running",
    "expect-ended",
    "expect-stdout",
    "expect-stdout-hex",
    "expect-file",
    "expect-stderr-lines",
    "expect-stderr-prefix",
    "close",
    "shutdown",
    "reset",
    "signal",
    "sleep",
    "ask",
    "reply",
    "expect-message",
    "drain",
    "expect-end",
    "expect-idle",
    "on",
    "timeout",
];

/// What serde says a step read from an array should have been (as derive does).
const AS_ARRAY: &str = "struct RawStep with 35 elements";

/// One key of a step table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Key {
    /// An action key, one of [`KEYS`].
    Action(&'static str),
    Repeat,
    Split,
    Pause,
    Reply,
    On,
    Timeout,
}

impl Key {
    /// The key named `name`, if a step has it.
    fn named(name: &str) -> Option<Key> {
        Some(match name {
            "repeat" => Key::Repeat,
            "split" => Key::Split,
            "pause" => Key::Pause,
            "reply" => Key::Reply,
            "on" => Key::On,
            "timeout" => Key::Timeout,
            _ => Key::Action(KEYS.iter().find(|key| **key == name)?),
        })
    }
}

impl<'de> Deserialize<'de> for Key {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Key, D::Error> {
        deserializer.deserialize_identifier(KeyVisitor)
    }
}

struct KeyVisitor;

impl Visitor<'_> for KeyVisitor {
    type Value = Key;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("field identifier")
    }

    fn visit_str<E: de::Error>(self, name: &str) -> Result<Key, E> {
        Key::named(name).ok_or_else(|| E::unknown_field(name, KEYS))
    }
}

impl<'de> Deserialize<'de> for RawStep {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<RawStep, D::Error> {
        deserializer.deserialize_struct("RawStep", KEYS, StepVisitor)
    }
}

struct StepVisitor;

impl<'de> Visitor<'de> for StepVisitor {
    type Value = RawStep;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("struct RawStep")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawStep, A::Error> {
        let mut step = RawStep::default();
        while let Some(key) = map.next_key::<Key>()? {
            map.next_value_seed(Slot {
                key,
                step: &mut step,
            })?;
        }
        step.actions
            .sort_by_key(|action| KEYS.iter().position(|key| *key == action.key()));
        Ok(step)
    }

    /// An array is read as serde derive reads a struct from one: its
    /// elements are the keys' values, in the order of [`KEYS`].
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<RawStep, A::Error> {
        let mut step = RawStep::default();
        for (index, key) in KEYS.iter().filter_map(|name| Key::named(name)).enumerate() {
            let slot = Slot {
                key,
                step: &mut step,
            };
            if seq.next_element_seed(slot)?.is_none() {
                return Err(de::Error::invalid_length(index, &AS_ARRAY));
            }
        }
        Ok(step)
    }
}

/// Reads the value of `key` into its place in `step`.
struct Slot<'a> {
    key: Key,
    step: &'a mut RawStep,
}

impl<'de> DeserializeSeed<'de> for Slot<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, value: D) -> Result<(), D::Error> {
        let modifiers = &mut self.step.modifiers;
        match self.key {
            Key::Action(key) => {
                let action = Action::deserialize(Tagged { key, value })?;
                self.step.actions.push(action);
            }
            Key::Repeat => modifiers.repeat = Some(usize::deserialize(value)?),
            Key::Split => modifiers.split = Some(usize::deserialize(value)?),
            Key::Pause => modifiers.pause = Some(humantime_serde::deserialize(value)?),
            Key::Reply => modifiers.reply = Some(String::deserialize(value)?),
            Key::On => modifiers.on = Some(String::deserialize(value)?),
            Key::Timeout => modifiers.timeout = Some(humantime_serde::deserialize(value)?),
        }
        Ok(())
    }
}

/// One key and its value's deserializer, shown to [`Action`] as the
/// one-key table `{ key = value }` of an externally tagged enum.
struct Tagged<D> {
    key: &'static str,
    value: D,
}

impl<'de, D: Deserializer<'de>> Deserializer<'de> for Tagged<D> {
    type Error = D::Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        visitor.visit_enum(self)
    }

    forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf option unit unit_struct newtype_struct seq tuple
        tuple_struct map struct enum identifier ignored_any
    }
}

impl<'de, D: Deserializer<'de>> EnumAccess<'de> for Tagged<D> {
    type Error = D::Error;
    type Variant = Payload<D>;

    fn variant_seed<V: DeserializeSeed<'de>>(
        self,
        seed: V,
    ) -> Result<(V::Value, Payload<D>), D::Error> {
        let key: StrDeserializer<'_, D::Error> = self.key.into_deserializer();
        Ok((seed.deserialize(key)?, Payload(self.value)))
    }
}

/// The value of an action key: every action is a newtype variant.
struct Payload<D>(D);

impl<'de, D: Deserializer<'de>> VariantAccess<'de> for Payload<D> {
    type Error = D::Error;

    fn unit_variant(self) -> Result<(), D::Error> {
        Err(de::Error::invalid_type(
            Unexpected::NewtypeVariant,
            &"a unit variant",
        ))
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, D::Error> {
        seed.deserialize(self.0)
    }

    fn tuple_variant<V: Visitor<'de>>(self, _: usize, _: V) -> Result<V::Value, D::Error> {
        Err(de::Error::invalid_type(
            Unexpected::NewtypeVariant,
            &"a tuple variant",
        ))
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _: &'static [&'static str],
        _: V,
    ) -> Result<V::Value, D::Error> {
        Err(de::Error::invalid_type(
            Unexpected::NewtypeVariant,
            &"a struct variant",
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A step of one key, read alone.
    fn one(key: &str, value: &str) -> Result<RawStep, toml::de::Error> {
        toml::from_str(&format!("{key} = {value}"))
    }

    #[test]
    fn every_action_key_reads_as_the_action_of_that_key() {
        let values = [
            "\"x\"",
            "true",
            "\"1s\"",
            "1",
            "{ lines = 1 }",
            "{ path = \"f\" }",
        ];
        for key in KEYS
            .iter()
            .filter(|k| matches!(Key::named(k), Some(Key::Action(_))))
        {
            let step = values
                .iter()
                .find_map(|value| one(key, value).ok())
                .unwrap_or_else(|| panic!("no value reads for `{key}`"));
            assert_eq!(step.actions.len(), 1, "{key}");
            assert_eq!(step.actions[0].key(), *key);
        }
    }

    #[test]
    fn modifiers_land_in_their_fields_and_actions_in_key_order() {
        let step: RawStep = toml::from_str(
            "send-line = \"b\"\nsend = \"a\"\nrepeat = 2\nsplit = 1\npause = \"1ms\"\n\
             reply = \"r\"\non = \"c\"\ntimeout = \"2s\"",
        )
        .unwrap();
        assert_eq!(
            step.actions,
            [Action::Send("a".into()), Action::SendLine("b".into())]
        );
        let m = &step.modifiers;
        assert_eq!((m.repeat, m.split), (Some(2), Some(1)));
        assert_eq!(m.pause, Some(std::time::Duration::from_millis(1)));
        assert_eq!(
            (m.reply.as_deref(), m.on.as_deref()),
            (Some("r"), Some("c"))
        );
        assert_eq!(m.timeout, Some(std::time::Duration::from_secs(2)));
    }
}
