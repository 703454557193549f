# Package tests: the install tree, the build tree, add_subdirectory and pkg-config consumers,
# chained with CTest fixtures (install -> consume), as nlohmann's cmake_import does.
set(stage "${PROJECT_BINARY_DIR}/consumer-stage")
set(work "${PROJECT_BINARY_DIR}/consumer-work")
set(consumer_dir "${CMAKE_CURRENT_SOURCE_DIR}/consumer")
set(build_and_test ${CMAKE_CTEST_COMMAND} --build-and-test)
set(generator --build-generator "${CMAKE_GENERATOR}")
# Consumers build with the same compiler and flags (a sanitizer build needs them to link), and
# no build type: unoptimised, they (and add_subdirectory's copy of the library) build in half the
# time of a Release build, and what they check (targets, config files, pkg-config flags) does not
# depend on it.
set(compiler "-DCMAKE_CXX_COMPILER=${CMAKE_CXX_COMPILER}" "-DCMAKE_BUILD_TYPE="
  "-DCMAKE_CXX_FLAGS=${CMAKE_CXX_FLAGS}" "-DCMAKE_EXE_LINKER_FLAGS=${CMAKE_EXE_LINKER_FLAGS}")

add_test(NAME consumer.install
  COMMAND ${CMAKE_COMMAND} --install "${PROJECT_BINARY_DIR}" --prefix "${stage}")
set_tests_properties(consumer.install PROPERTIES FIXTURES_SETUP cxgap_stage)

add_test(NAME consumer.find_package_installed
  COMMAND ${build_and_test} "${consumer_dir}/find_package" "${work}/installed" ${generator}
    --build-options ${compiler} "-DCMAKE_PREFIX_PATH=${stage}"
    --test-command consumer)
set_tests_properties(consumer.find_package_installed PROPERTIES FIXTURES_REQUIRED cxgap_stage)

add_test(NAME consumer.find_package_build_tree
  COMMAND ${build_and_test} "${consumer_dir}/find_package" "${work}/build-tree" ${generator}
    --build-options ${compiler} "-Dcxgap_DIR=${PROJECT_BINARY_DIR}"
    --test-command consumer)

math(EXPR next_major "${PROJECT_VERSION_MAJOR} + 1")
add_test(NAME consumer.next_major_version_rejected
  COMMAND ${build_and_test} "${consumer_dir}/version_mismatch" "${work}/mismatch" ${generator}
    --build-options ${compiler} "-DCMAKE_PREFIX_PATH=${stage}" "-DCXGAP_NEXT_MAJOR=${next_major}")
set_tests_properties(consumer.next_major_version_rejected PROPERTIES
  FIXTURES_REQUIRED cxgap_stage WILL_FAIL TRUE)

add_test(NAME consumer.add_subdirectory
  COMMAND ${build_and_test} "${consumer_dir}/add_subdirectory" "${work}/subdir" ${generator}
    --build-options ${compiler} "-DCXGAP_SOURCE_DIR=${PROJECT_SOURCE_DIR}"
    --test-command consumer)

find_program(CXGAP_PKG_CONFIG NAMES pkg-config pkgconf)
if(CXGAP_PKG_CONFIG)
  add_test(NAME consumer.pkg_config
    COMMAND bash "${consumer_dir}/pkg_config.sh" "${CMAKE_CXX_COMPILER}" "${stage}"
      "${work}/pkg-config" "${CMAKE_CXX_FLAGS}")
  set_tests_properties(consumer.pkg_config PROPERTIES FIXTURES_REQUIRED cxgap_stage)
endif()
set_tests_properties(consumer.find_package_installed consumer.find_package_build_tree
  consumer.add_subdirectory PROPERTIES TIMEOUT 600)

if(TARGET cxgap_json AND TARGET cxgap_io_sav)
  add_test(NAME consumer.components_installed
    COMMAND ${build_and_test} "${consumer_dir}/components" "${work}/components" ${generator}
      --build-options ${compiler} "-DCMAKE_PREFIX_PATH=${stage}"
      --test-command consumer "${PROJECT_SOURCE_DIR}/tests/io/data/cx_survey.sav")
  set_tests_properties(consumer.components_installed PROPERTIES
    FIXTURES_REQUIRED cxgap_stage TIMEOUT 600)
endif()

# The consumers build a project each (add_subdirectory compiles the library again): started
# first, they run beside the unit tests instead of after them.
get_property(consumer_tests DIRECTORY PROPERTY TESTS)
list(FILTER consumer_tests INCLUDE REGEX "^consumer\\.")
set_tests_properties(${consumer_tests} PROPERTIES COST 1000)
set_tests_properties(consumer.add_subdirectory PROPERTIES COST 5000)
