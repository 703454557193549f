# Runs the sample-survey generator and checks its output equals the committed file byte for byte.
# usage: cmake -DGENERATOR=<exe> -DEXPECTED=<csv> -DOUTPUT=<csv> -P sample_survey_reproducible.cmake
execute_process(COMMAND "${GENERATOR}" OUTPUT_FILE "${OUTPUT}" RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "generator failed: ${rc}")
endif()
execute_process(COMMAND "${CMAKE_COMMAND}" -E compare_files "${OUTPUT}" "${EXPECTED}" RESULT_VARIABLE diff)
if(NOT diff EQUAL 0)
  message(FATAL_ERROR "${OUTPUT} differs from ${EXPECTED}: regenerate the sample survey")
endif()
