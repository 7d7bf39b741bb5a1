"""The pure part of core: conventions that the engines of the apps share, without Django."""
