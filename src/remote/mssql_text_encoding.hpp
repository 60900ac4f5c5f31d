// Text in the encodings SQL Server columns keep, from PostgreSQL's UTF-8.
// Bulk load sends these bytes as they are (FreeTDS converts nothing there).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace mssql_upsert::remote {

// UTF-16LE (surrogate pairs outside the BMP) into out, replacing its contents
// but keeping its buffer: the push converts each chunk's text into the strings
// of the chunk before. False for invalid UTF-8 (out then holds a part of the text).
bool utf8_to_utf16le(std::string_view utf8, std::string &out);
// Windows code page 1252 (SQL_Latin1_General_CP1_CI_AS and Latin1_General_*)
// into out, as utf8_to_utf16le. False when a character has no CP1252 byte or the
// UTF-8 is invalid; the failing character's position (0-based, in characters)
// goes to bad_character.
bool utf8_to_cp1252(std::string_view utf8, std::string &out, std::size_t *bad_character = nullptr);

} // namespace mssql_upsert::remote
