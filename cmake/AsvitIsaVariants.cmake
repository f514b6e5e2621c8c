# Instruction sets chosen at run time. The kernel source is compiled twice: for the x86-64 baseline
# (SSE2, which every x86-64 processor has) and for AVX2 + FMA; attention_jet.cpp asks the processor
# (__builtin_cpu_supports) which one to call. A library built on any x86-64 machine therefore runs on
# any other, and uses AVX2 where there is one. On other processors only the baseline variant is built.

# asvit_add_isa_variants(source target...): compiles `source` once per instruction set and links the
# objects into each target (the JNI library and the check driver share them).
function(asvit_add_isa_variants source)
  # -Wno-psabi: the kernels pass 32-byte vectors between inlined functions of one file, never across a
  # library boundary, so the baseline build's different calling convention for them does not matter.
  set(common_flags -O3 -fno-math-errno -fno-trapping-math -Wno-psabi)
  get_filename_component(name ${source} NAME_WE)
  set(variants ${name}_baseline)
  add_library(${name}_baseline OBJECT ${source})
  target_include_directories(${name}_baseline PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/native)
  target_compile_definitions(${name}_baseline PRIVATE ASVIT_ISA_NAMESPACE=asvit_baseline)
  target_compile_options(${name}_baseline PRIVATE ${common_flags})
  set_target_properties(${name}_baseline PROPERTIES CXX_VISIBILITY_PRESET hidden)
  if(CMAKE_SYSTEM_PROCESSOR MATCHES "x86_64|AMD64")
    add_library(${name}_avx2 OBJECT ${source})
    target_include_directories(${name}_avx2 PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/native)
    target_compile_definitions(${name}_avx2 PRIVATE ASVIT_ISA_NAMESPACE=asvit_avx2)
    target_compile_options(${name}_avx2 PRIVATE ${common_flags} -mavx2 -mfma)
    set_target_properties(${name}_avx2 PROPERTIES CXX_VISIBILITY_PRESET hidden)
    list(APPEND variants ${name}_avx2)
  endif()
  foreach(target IN LISTS ARGN)
    foreach(variant IN LISTS variants)
      target_sources(${target} PRIVATE $<TARGET_OBJECTS:${variant}>)
    endforeach()
    if(TARGET ${name}_avx2)
      target_compile_definitions(${target} PRIVATE ASVIT_HAVE_AVX2)
    endif()
  endforeach()
endfunction()
