# Install rules: headers, the library, an exported CMake package and a pkg-config file.
set(CXGAP_CMAKE_DIR "${CMAKE_INSTALL_LIBDIR}/cmake/cxgap")

install(DIRECTORY include/cxgap DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}
  FILES_MATCHING PATTERN "*.hpp")
install(FILES "${PROJECT_BINARY_DIR}/include/cxgap/version.hpp"
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/cxgap)

install(TARGETS cxgap EXPORT cxgapTargets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR}
  INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})

install(EXPORT cxgapTargets
  NAMESPACE cxgap::
  DESTINATION ${CXGAP_CMAKE_DIR})

# Optional components, each in its own export set so that its dependency is looked for only
# when a consumer asks for it (find_package(cxgap COMPONENTS io_sav)).
set(CXGAP_COMPONENTS)
foreach(component json io_sav)
  if(TARGET cxgap_${component})
    list(APPEND CXGAP_COMPONENTS ${component})
    install(TARGETS cxgap_${component} EXPORT cxgap_${component}Targets
      ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
      LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
      RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
    install(EXPORT cxgap_${component}Targets NAMESPACE cxgap:: DESTINATION ${CXGAP_CMAKE_DIR})
    export(EXPORT cxgap_${component}Targets NAMESPACE cxgap::
      FILE "${PROJECT_BINARY_DIR}/cxgap_${component}Targets.cmake")
  endif()
endforeach()
if(TARGET cxgap_io_sav)
  install(FILES cmake/FindReadStat.cmake DESTINATION ${CXGAP_CMAKE_DIR})
  configure_file(cmake/FindReadStat.cmake "${PROJECT_BINARY_DIR}/FindReadStat.cmake" COPYONLY)
endif()

configure_package_config_file(cmake/cxgapConfig.cmake.in
  "${PROJECT_BINARY_DIR}/cxgapConfig.cmake"
  INSTALL_DESTINATION ${CXGAP_CMAKE_DIR})
write_basic_package_version_file("${PROJECT_BINARY_DIR}/cxgapConfigVersion.cmake"
  VERSION ${PROJECT_VERSION}
  COMPATIBILITY SameMajorVersion)
install(FILES
  "${PROJECT_BINARY_DIR}/cxgapConfig.cmake"
  "${PROJECT_BINARY_DIR}/cxgapConfigVersion.cmake"
  DESTINATION ${CXGAP_CMAKE_DIR})

# pkg-config: paths joined so an absolute CMAKE_INSTALL_{LIB,INCLUDE}DIR still works.
if(IS_ABSOLUTE "${CMAKE_INSTALL_LIBDIR}")
  set(CXGAP_PC_LIBDIR "${CMAKE_INSTALL_LIBDIR}")
else()
  set(CXGAP_PC_LIBDIR "\${prefix}/${CMAKE_INSTALL_LIBDIR}")
endif()
if(IS_ABSOLUTE "${CMAKE_INSTALL_INCLUDEDIR}")
  set(CXGAP_PC_INCLUDEDIR "${CMAKE_INSTALL_INCLUDEDIR}")
else()
  set(CXGAP_PC_INCLUDEDIR "\${prefix}/${CMAKE_INSTALL_INCLUDEDIR}")
endif()
# The prefix is found from the .pc file's own location, so the package stays valid when
# installed with `cmake --install --prefix <elsewhere>` or moved.
file(RELATIVE_PATH CXGAP_PC_TO_PREFIX "/prefix/${CMAKE_INSTALL_LIBDIR}/pkgconfig" "/prefix")
string(REGEX REPLACE "/$" "" CXGAP_PC_TO_PREFIX "${CXGAP_PC_TO_PREFIX}")
if(IS_ABSOLUTE "${CMAKE_INSTALL_LIBDIR}")
  set(CXGAP_PC_PREFIX "${CMAKE_INSTALL_PREFIX}")
else()
  set(CXGAP_PC_PREFIX "\${pcfiledir}/${CXGAP_PC_TO_PREFIX}")
endif()
configure_file(cmake/cxgap.pc.in "${PROJECT_BINARY_DIR}/cxgap.pc" @ONLY)
install(FILES "${PROJECT_BINARY_DIR}/cxgap.pc" DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)

install(FILES LICENSE DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/cxgap)

# Build-tree export, so a consumer can use -Dcxgap_DIR=<build dir> without installing.
export(EXPORT cxgapTargets NAMESPACE cxgap:: FILE "${PROJECT_BINARY_DIR}/cxgapTargets.cmake")
