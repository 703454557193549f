# Structural tests (Boost/Stan style): every public header compiles on its own, and two
# translation units that include everything link together (no missing `inline`).
if(CXGAP_HEADER_CHECKS)
file(GLOB_RECURSE CXGAP_PUBLIC_HEADERS RELATIVE "${PROJECT_SOURCE_DIR}/include"
  CONFIGURE_DEPENDS "${PROJECT_SOURCE_DIR}/include/cxgap/*.hpp")
set(header_tus)
foreach(header IN LISTS CXGAP_PUBLIC_HEADERS)
  string(MAKE_C_IDENTIFIER "${header}" id)
  set(tu "${CMAKE_CURRENT_BINARY_DIR}/headers/${id}.cpp")
  file(CONFIGURE OUTPUT "${tu}" CONTENT "#include <${header}>\n#include <${header}>\n")
  list(APPEND header_tus "${tu}")
endforeach()
add_library(cxgap_header_check OBJECT ${header_tus})
target_link_libraries(cxgap_header_check PRIVATE cxgap::cxgap cxgap_warnings)
endif()

add_executable(cxgap_two_tu structure/two_tu_a.cpp structure/two_tu_b.cpp)
target_link_libraries(cxgap_two_tu PRIVATE cxgap::cxgap cxgap_warnings)
add_test(NAME structure.two_translation_units COMMAND cxgap_two_tu)

# The bundled sample survey is exactly what its seeded generator writes.
if(TARGET cxgap_make_sample_survey)
  add_test(NAME structure.sample_survey_reproducible
    COMMAND ${CMAKE_COMMAND} -DGENERATOR=$<TARGET_FILE:cxgap_make_sample_survey>
      -DEXPECTED=${PROJECT_SOURCE_DIR}/examples/data/sample_survey.csv
      -DOUTPUT=${CMAKE_CURRENT_BINARY_DIR}/sample_survey.csv
      -P ${CMAKE_CURRENT_SOURCE_DIR}/structure/sample_survey_reproducible.cmake)
endif()

# The bundled dyad and profile examples are exactly what their seeded generator writes.
if(TARGET cxgap_make_paired_examples)
  add_test(NAME structure.paired_examples_reproducible
    COMMAND ${CMAKE_COMMAND} -DGENERATOR=$<TARGET_FILE:cxgap_make_paired_examples>
      -DEXPECTED_DIR=${PROJECT_SOURCE_DIR}/examples/data
      -DOUTPUT_DIR=${CMAKE_CURRENT_BINARY_DIR}/paired_examples
      -P ${CMAKE_CURRENT_SOURCE_DIR}/structure/paired_examples_reproducible.cmake)
endif()
