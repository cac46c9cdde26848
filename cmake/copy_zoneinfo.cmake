# Copies the TZif files of /usr/share/zoneinfo into the wasm build's zoneinfo/
# so that browsers and Node read the same rules the native build reads
# (wasm/js/zoneinfo.mjs). Run as: cmake -DSOURCE=dir -DDEST=dir -P copy_zoneinfo.cmake
#
# Every zone and every backward-compatible link ("UTC", "US/Eastern") is
# copied as a plain file, so any name that loads natively loads in the browser
# too (~600 files, about 1 MB). Skipped: posix/ and right/ (duplicates, and
# leap-second variants), non-TZif files (zone.tab, tzdata.zi, leapseconds...),
# "localtime" (this machine's setting) and "posixrules" (a legacy default).
# A names list, zones.json, lets pages offer a choice; '.' is never part of a
# zone name, so it cannot collide with a zone.
cmake_minimum_required(VERSION 3.25)  # GLOB_RECURSE does not follow folder links
if(NOT SOURCE OR NOT DEST)
  message(FATAL_ERROR "copy_zoneinfo.cmake needs -DSOURCE=... -DDEST=...")
endif()
if(NOT IS_DIRECTORY "${SOURCE}")
  message(FATAL_ERROR "no zoneinfo at ${SOURCE}: install tzdata (scripts/bootstrap does)")
endif()

file(GLOB_RECURSE candidates LIST_DIRECTORIES false RELATIVE "${SOURCE}" "${SOURCE}/*")
list(SORT candidates)
set(names "")
foreach(name IN LISTS candidates)
  if(name MATCHES "^(posix|right)/" OR name MATCHES "[^A-Za-z0-9_+/-]"
     OR name STREQUAL "localtime" OR name STREQUAL "posixrules")
    continue()
  endif()
  if(IS_DIRECTORY "${SOURCE}/${name}")  # a link to a folder
    continue()
  endif()
  file(READ "${SOURCE}/${name}" magic LIMIT 4 HEX)
  if(NOT magic STREQUAL "545a6966")  # "TZif"
    continue()
  endif()
  get_filename_component(folder "${DEST}/${name}" DIRECTORY)
  file(MAKE_DIRECTORY "${folder}")
  file(COPY_FILE "${SOURCE}/${name}" "${DEST}/${name}" ONLY_IF_DIFFERENT)  # follows links
  list(APPEND names "\"${name}\"")
endforeach()

list(LENGTH names count)
if(count LESS 300)
  message(FATAL_ERROR "only ${count} TZif files found in ${SOURCE}")
endif()
list(JOIN names ",\n" body)
file(WRITE "${DEST}/zones.json.new" "[\n${body}\n]\n")
file(COPY_FILE "${DEST}/zones.json.new" "${DEST}/zones.json" ONLY_IF_DIFFERENT)
file(REMOVE "${DEST}/zones.json.new")
