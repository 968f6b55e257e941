"""Checksums that tell a real payment identifier from a random string of the same shape.

Pure functions over ASCII strings: IBAN (ISO 13616 mod-97), Base58Check (Bitcoin legacy and TRON
addresses), Bech32/Bech32m (Bitcoin SegWit and Taproot addresses) and EIP-55 (Ethereum mixed-case
checksums, which need Keccak-256: hashlib's sha3_256 pads differently, so Keccak is implemented here).
"""

from __future__ import annotations

import hashlib

# IBAN length per country (ISO 13616 registry); a country outside the table is not an IBAN.
IBAN_LENGTHS = {
    "AD": 24, "AE": 23, "AL": 28, "AT": 20, "AZ": 28, "BA": 20, "BE": 16, "BG": 22, "BH": 22, "BR": 29,
    "BY": 28, "CH": 21, "CR": 22, "CY": 28, "CZ": 24, "DE": 22, "DK": 18, "DO": 28, "EE": 20, "EG": 29,
    "ES": 24, "FI": 18, "FO": 18, "FR": 27, "GB": 22, "GE": 22, "GI": 23, "GL": 18, "GR": 27, "GT": 28,
    "HR": 21, "HU": 28, "IE": 22, "IL": 23, "IQ": 23, "IS": 26, "IT": 27, "JO": 30, "KW": 30, "KZ": 20,
    "LB": 28, "LC": 32, "LI": 21, "LT": 20, "LU": 20, "LV": 21, "LY": 25, "MC": 27, "MD": 24, "ME": 22,
    "MK": 19, "MR": 27, "MT": 31, "MU": 30, "NL": 18, "NO": 15, "PK": 24, "PL": 28, "PS": 29, "PT": 25,
    "QA": 29, "RO": 24, "RS": 22, "SA": 24, "SC": 31, "SD": 18, "SE": 24, "SI": 19, "SK": 24, "SM": 27,
    "ST": 25, "SV": 28, "TL": 23, "TN": 24, "TR": 26, "UA": 29, "VA": 22, "VG": 24, "XK": 20,
}  # fmt: skip


def iban_valid(candidate: str) -> bool:
    iban = "".join(candidate.split()).upper()
    if len(iban) < 15 or not iban.isalnum() or not iban.isascii():
        return False
    if IBAN_LENGTHS.get(iban[:2]) != len(iban) or not iban[2:4].isdigit():
        return False
    rearranged = iban[4:] + iban[:4]
    number = "".join(str(int(ch, 36)) for ch in rearranged)
    return int(number) % 97 == 1


_B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
_B58_INDEX = {ch: i for i, ch in enumerate(_B58)}


def base58check_decode(candidate: str) -> bytes | None:
    """The payload (version byte + data) if the checksum holds, else None."""
    value = 0
    for ch in candidate:
        digit = _B58_INDEX.get(ch)
        if digit is None:
            return None
        value = value * 58 + digit
    raw = value.to_bytes((value.bit_length() + 7) // 8, "big")
    leading = len(candidate) - len(candidate.lstrip("1"))
    raw = b"\x00" * leading + raw
    if len(raw) < 5:
        return None
    payload, checksum = raw[:-4], raw[-4:]
    if hashlib.sha256(hashlib.sha256(payload).digest()).digest()[:4] != checksum:
        return None
    return payload


def btc_base58_valid(candidate: str) -> bool:
    payload = base58check_decode(candidate)
    # 0x00: pay-to-pubkey-hash ("1…"), 0x05: pay-to-script-hash ("3…"); 20-byte hash.
    return payload is not None and len(payload) == 21 and payload[0] in (0x00, 0x05)


def tron_valid(candidate: str) -> bool:
    payload = base58check_decode(candidate)
    return payload is not None and len(payload) == 21 and payload[0] == 0x41


_BECH32 = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"
_BECH32_CONST = 1
_BECH32M_CONST = 0x2BC830A3


def _bech32_polymod(values: list[int]) -> int:
    generator = (0x3B6A57B2, 0x26508E6D, 0x1EA119FA, 0x3D4233DD, 0x2A1462B3)
    chk = 1
    for value in values:
        top = chk >> 25
        chk = (chk & 0x1FFFFFF) << 5 ^ value
        for i in range(5):
            chk ^= generator[i] if ((top >> i) & 1) else 0
    return chk


def bech32_address_valid(candidate: str) -> bool:
    """A SegWit (v0, Bech32) or Taproot (v1+, Bech32m) mainnet address."""
    if candidate.lower() != candidate and candidate.upper() != candidate:
        return False
    address = candidate.lower()
    hrp, sep, data_part = address.rpartition("1")
    if hrp != "bc" or not sep or len(data_part) < 7 or len(address) > 90:
        return False
    if any(ch not in _BECH32 for ch in data_part):
        return False
    data = [_BECH32.index(ch) for ch in data_part]
    expanded = [ord(ch) >> 5 for ch in hrp] + [0] + [ord(ch) & 31 for ch in hrp]
    const = _bech32_polymod(expanded + data)
    witness_version = data[0]
    if witness_version == 0:
        return const == _BECH32_CONST and len(data_part) in (39, 59)
    return const == _BECH32M_CONST and witness_version <= 16


# Keccak-f[1600], the permutation under Keccak-256 (Ethereum's hash).
_RC = (
    0x0000000000000001, 0x0000000000008082, 0x800000000000808A, 0x8000000080008000,
    0x000000000000808B, 0x0000000080000001, 0x8000000080008081, 0x8000000000008009,
    0x000000000000008A, 0x0000000000000088, 0x0000000080008009, 0x000000008000000A,
    0x000000008000808B, 0x800000000000008B, 0x8000000000008089, 0x8000000000008003,
    0x8000000000008002, 0x8000000000000080, 0x000000000000800A, 0x800000008000000A,
    0x8000000080008081, 0x8000000000008080, 0x0000000080000001, 0x8000000080008008,
)  # fmt: skip
_ROT = (
    (0, 36, 3, 41, 18),
    (1, 44, 10, 45, 2),
    (62, 6, 43, 15, 61),
    (28, 55, 25, 21, 56),
    (27, 20, 39, 8, 14),
)
_MASK = (1 << 64) - 1


def _rol(value: int, shift: int) -> int:
    return ((value << shift) | (value >> (64 - shift))) & _MASK if shift else value


def _keccak_f(state: list[list[int]]) -> None:
    for rc in _RC:
        c = [state[x][0] ^ state[x][1] ^ state[x][2] ^ state[x][3] ^ state[x][4] for x in range(5)]
        d = [c[(x - 1) % 5] ^ _rol(c[(x + 1) % 5], 1) for x in range(5)]
        for x in range(5):
            for y in range(5):
                state[x][y] ^= d[x]
        b = [[0] * 5 for _ in range(5)]
        for x in range(5):
            for y in range(5):
                b[y][(2 * x + 3 * y) % 5] = _rol(state[x][y], _ROT[x][y])
        for x in range(5):
            for y in range(5):
                state[x][y] = b[x][y] ^ ((~b[(x + 1) % 5][y]) & b[(x + 2) % 5][y])
        state[0][0] ^= rc


def keccak256(data: bytes) -> bytes:
    rate = 136
    padded = bytearray(data)
    padded.append(0x01)  # Keccak padding (SHA-3 would use 0x06)
    while len(padded) % rate:
        padded.append(0)
    padded[-1] |= 0x80
    state = [[0] * 5 for _ in range(5)]
    for offset in range(0, len(padded), rate):
        block = padded[offset : offset + rate]
        for i in range(rate // 8):
            lane = int.from_bytes(block[8 * i : 8 * i + 8], "little")
            state[i % 5][i // 5] ^= lane
        _keccak_f(state)
    out = b"".join(state[i % 5][i // 5].to_bytes(8, "little") for i in range(4))
    return out


def eth_address_valid(candidate: str) -> bool:
    """0x + 40 hex digits; a mixed-case address must carry a valid EIP-55 checksum."""
    if len(candidate) != 42 or candidate[:2] not in ("0x", "0X"):
        return False
    body = candidate[2:]
    try:
        int(body, 16)
    except ValueError:
        return False
    if body.lower() == body or body.upper() == body:
        return True
    digest = keccak256(body.lower().encode("ascii")).hex()
    for ch, nibble in zip(body, digest[:40], strict=True):
        if ch.isalpha() and ch.isupper() != (int(nibble, 16) >= 8):
            return False
    return True
