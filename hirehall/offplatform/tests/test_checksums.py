"""Checksums behind payment_handle: published test vectors, and one changed character refused."""

from __future__ import annotations

import pytest

from hirehall.offplatform import checksums


def test_keccak256_matches_the_published_vectors():
    # Keccak-256 (Ethereum), not SHA3-256: the empty string and "abc".
    assert (
        checksums.keccak256(b"").hex() == "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470"
    )
    assert (
        checksums.keccak256(b"abc").hex()
        == "4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45"
    )
    # longer than one 136-byte block
    assert checksums.keccak256(b"a" * 200) != checksums.keccak256(b"a" * 201)


@pytest.mark.parametrize(
    "address",
    [
        # EIP-55's own examples
        "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
        "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
        "0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB",
        "0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb",
    ],
)
def test_eip55(address):
    assert checksums.eth_address_valid(address)
    assert checksums.eth_address_valid(address.lower())  # no checksum claimed
    last_letter = max(i for i, ch in enumerate(address) if ch.isalpha() and i > 1)
    flipped = address[:last_letter] + address[last_letter].swapcase() + address[last_letter + 1 :]
    assert not checksums.eth_address_valid(flipped)


@pytest.mark.parametrize(
    ("iban", "valid"),
    [
        ("DE89 3704 0044 0532 0130 00", True),
        ("GB82 WEST 1234 5698 7654 32", True),
        ("NL91ABNA0417164300", True),
        ("BE68 5390 0754 7034", True),
        ("GB82 WEST 1234 5698 7654 33", False),  # check digits
        ("DE89 3704 0044 0532 0130 0", False),  # Germany has 22 characters
        ("XX89 3704 0044 0532 0130 00", False),  # no such country
    ],
)
def test_iban(iban, valid):
    assert checksums.iban_valid(iban) is valid


def test_bitcoin_and_tron():
    assert checksums.btc_base58_valid("1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa")
    assert checksums.btc_base58_valid("3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy")
    assert not checksums.btc_base58_valid("1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNb")
    assert not checksums.btc_base58_valid("TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t")  # a TRON version byte
    assert checksums.tron_valid("TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t")
    assert not checksums.tron_valid("1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa")
    assert checksums.base58check_decode("0OIl") is None  # not base58


def test_bech32_and_bech32m():
    assert checksums.bech32_address_valid("bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4")
    assert checksums.bech32_address_valid("BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4")
    assert checksums.bech32_address_valid("bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0")
    assert not checksums.bech32_address_valid("bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5")
    assert not checksums.bech32_address_valid("Bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4")  # mixed case
    assert not checksums.bech32_address_valid("tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx")  # testnet
