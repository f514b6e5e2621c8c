# The CUDA kernel, built only where nvcc is found (CMake's check_language). Without it the library
# answers "no CUDA kernel" and asvit runs the libtorch composition on the GPU.

include(CheckLanguage)

# asvit_add_cuda_kernel(target source)
function(asvit_add_cuda_kernel target source)
  if(NOT EXISTS ${CMAKE_CURRENT_SOURCE_DIR}/${source})
    message(STATUS "asvit: no CUDA kernel source (${source})")
    return()
  endif()
  check_language(CUDA)
  if(NOT CMAKE_CUDA_COMPILER)
    message(STATUS "asvit: nvcc not found, the library has no CUDA kernel")
    return()
  endif()
  enable_language(CUDA)
  message(STATUS "asvit: building the CUDA kernel with ${CMAKE_CUDA_COMPILER}")
endfunction()
