"""Daftar Data: the Forum Satu Data's yearly data list and its release
schedule."""
