# The CUDA kernel, built only where nvcc is found (CMake's check_language). Without it the library
# answers "no CUDA kernel" and asvit runs the libtorch composition on the GPU.
#
# Architectures: CUDA 13 compiles for compute capability 7.5 (Turing) and newer only, so this builds
# SASS for 7.5, 8.0, 8.6, 8.9 and 9.0 and PTX for 9.0 (newer GPUs compile that at load time). Volta
# (V100, 7.0) is not among them: there --kernels native on cuda is refused by the driver's launch error
# and asvit runs the libtorch composition (--kernels auto). The CUDA runtime is linked statically, so the
# library still loads on machines without CUDA; it talks to the same driver and primary context as
# libtorch's own runtime, so libtorch's device pointers are valid in it.

include(CheckLanguage)

# enable_language must run at directory scope, so the check happens when this file is included.
set(ASVIT_CUDA_ARCHITECTURES "75-real;80-real;86-real;89-real;90")
if(ASVIT_NO_CUDA)
  message(STATUS "asvit: CUDA kernel disabled (ASVIT_NO_CUDA)")
else()
  check_language(CUDA)
  if(CMAKE_CUDA_COMPILER)
    set(CMAKE_CUDA_ARCHITECTURES ${ASVIT_CUDA_ARCHITECTURES})
    enable_language(CUDA)
    find_package(CUDAToolkit)
  else()
    message(STATUS "asvit: nvcc not found, the library has no CUDA kernel")
  endif()
endif()

# asvit_add_cuda_kernel(name SOURCES source... TARGETS target...): compiles the sources with nvcc once
# (object library `name`) and links them, with the static CUDA runtime, into each target, which is
# compiled with ASVIT_HAVE_CUDA. Does nothing without nvcc.
function(asvit_add_cuda_kernel name)
  cmake_parse_arguments(ARG "" "" "SOURCES;TARGETS" ${ARGN})
  if(ASVIT_NO_CUDA OR NOT CMAKE_CUDA_COMPILER OR NOT TARGET CUDA::cudart_static)
    return()
  endif()
  message(STATUS "asvit: building the CUDA kernel with ${CMAKE_CUDA_COMPILER} (${name})")
  add_library(${name} OBJECT ${ARG_SOURCES})
  target_include_directories(${name} PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/native)
  set_target_properties(${name} PROPERTIES
    CUDA_ARCHITECTURES "${ASVIT_CUDA_ARCHITECTURES}"
    POSITION_INDEPENDENT_CODE ON)
  foreach(target IN LISTS ARG_TARGETS)
    target_sources(${target} PRIVATE $<TARGET_OBJECTS:${name}>)
    target_compile_definitions(${target} PRIVATE ASVIT_HAVE_CUDA)
    set_target_properties(${target} PROPERTIES CUDA_ARCHITECTURES "${ASVIT_CUDA_ARCHITECTURES}"
      CUDA_RUNTIME_LIBRARY Static)
    target_link_libraries(${target} PRIVATE CUDA::cudart_static)
  endforeach()
endfunction()
