# Runs the paired-examples generator into a directory and checks that each file it writes equals
# the committed one byte for byte.
# usage: cmake -DGENERATOR=<exe> -DEXPECTED_DIR=<dir> -DOUTPUT_DIR=<dir> -P paired_examples_reproducible.cmake
file(MAKE_DIRECTORY "${OUTPUT_DIR}")
execute_process(COMMAND "${GENERATOR}" "${OUTPUT_DIR}" RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "generator failed: ${rc}")
endif()
foreach(name dyads.csv dyads_long.csv profile.csv)
  execute_process(COMMAND "${CMAKE_COMMAND}" -E compare_files "${OUTPUT_DIR}/${name}"
                  "${EXPECTED_DIR}/${name}" RESULT_VARIABLE diff)
  if(NOT diff EQUAL 0)
    message(FATAL_ERROR "${OUTPUT_DIR}/${name} differs from ${EXPECTED_DIR}/${name}: regenerate the paired examples")
  endif()
endforeach()
