# FindReadStat
# ------------
# Finds ReadStat (https://github.com/WizardMac/ReadStat), the C library that reads SPSS, Stata
# and SAS files (Debian / Ubuntu: libreadstat-dev). Used by cxgap's io component
# (include/cxgap/io/readstat.hpp); installed beside cxgap's CMake package so that consumers of an
# installed cxgap can find it too.
#
# Looks first for a pkg-config module `readstat` (some builds install one; Debian's package does
# not), then for readstat.h and the library on the usual paths. Hints: ReadStat_ROOT (CMake >=
# 3.12), or the cache variables ReadStat_INCLUDE_DIR and ReadStat_LIBRARY.
#
# Imported target:
#   ReadStat::ReadStat       the library, with its include directory
# Result variables:
#   ReadStat_FOUND           true if both the header and the library were found
#   ReadStat_VERSION         "major.minor.patch" when known: from pkg-config, or else from the
#                            file name of a libtool-built shared library (libreadstat.so.1.1.8 is
#                            ReadStat 1.1.8; ReadStat's configure maps the release to the
#                            soname that way). Empty if unknown; then a find_package() call that
#                            asks for a version fails.
#   ReadStat_INCLUDE_DIRS, ReadStat_LIBRARIES
# Cache variables:
#   ReadStat_INCLUDE_DIR, ReadStat_LIBRARY

find_package(PkgConfig QUIET)
if(PKG_CONFIG_FOUND)
  pkg_check_modules(PC_ReadStat QUIET readstat)
endif()

find_path(ReadStat_INCLUDE_DIR
  NAMES readstat.h
  HINTS ${PC_ReadStat_INCLUDEDIR} ${PC_ReadStat_INCLUDE_DIRS}
  DOC "Directory holding readstat.h")
find_library(ReadStat_LIBRARY
  NAMES readstat libreadstat
  HINTS ${PC_ReadStat_LIBDIR} ${PC_ReadStat_LIBRARY_DIRS}
  DOC "The ReadStat library")

unset(ReadStat_VERSION)
if(PC_ReadStat_FOUND AND PC_ReadStat_VERSION)
  set(ReadStat_VERSION "${PC_ReadStat_VERSION}")
elseif(ReadStat_LIBRARY)
  get_filename_component(_cxgap_readstat_real "${ReadStat_LIBRARY}" REALPATH)
  if(_cxgap_readstat_real MATCHES "readstat\\.so\\.([0-9]+\\.[0-9]+\\.[0-9]+)$")
    set(ReadStat_VERSION "${CMAKE_MATCH_1}")
  endif()
  unset(_cxgap_readstat_real)
endif()

include(FindPackageHandleStandardArgs)
find_package_handle_standard_args(ReadStat
  REQUIRED_VARS ReadStat_LIBRARY ReadStat_INCLUDE_DIR
  VERSION_VAR ReadStat_VERSION)

if(ReadStat_FOUND)
  set(ReadStat_INCLUDE_DIRS "${ReadStat_INCLUDE_DIR}")
  set(ReadStat_LIBRARIES "${ReadStat_LIBRARY}")
  if(NOT TARGET ReadStat::ReadStat)
    add_library(ReadStat::ReadStat UNKNOWN IMPORTED)
    set_target_properties(ReadStat::ReadStat PROPERTIES
      IMPORTED_LOCATION "${ReadStat_LIBRARY}"
      INTERFACE_INCLUDE_DIRECTORIES "${ReadStat_INCLUDE_DIR}")
    # A static libreadstat.a needs what the shared library links itself: zlib (.zsav) and iconv
    # (outside glibc).
    if(ReadStat_LIBRARY MATCHES "\\${CMAKE_STATIC_LIBRARY_SUFFIX}$")
      find_package(ZLIB QUIET)
      find_package(Iconv QUIET)
      if(TARGET ZLIB::ZLIB)
        set_property(TARGET ReadStat::ReadStat APPEND PROPERTY INTERFACE_LINK_LIBRARIES ZLIB::ZLIB)
      endif()
      if(TARGET Iconv::Iconv)
        set_property(TARGET ReadStat::ReadStat APPEND PROPERTY INTERFACE_LINK_LIBRARIES Iconv::Iconv)
      endif()
    endif()
  endif()
endif()

mark_as_advanced(ReadStat_INCLUDE_DIR ReadStat_LIBRARY)
