# JavaCPP glue: generate the JNI sources of a binding class with JavaCPP's Builder (no compiling: CMake
# compiles), and put the built library where JavaCPP's Loader looks for it inside the jar.

find_package(Java 17 REQUIRED COMPONENTS Runtime)

# jni.h of the JDK that runs the build: ASVIT_JAVA_HOME (Maven passes its java.home), else the java.home
# of the java found on the PATH. Only headers are needed: the JVM itself is already loaded at run time.
if(NOT ASVIT_JAVA_HOME)
  execute_process(COMMAND ${Java_JAVA_EXECUTABLE} -XshowSettings:properties -version
                  ERROR_VARIABLE java_settings OUTPUT_QUIET)
  string(REGEX MATCH "java\\.home = ([^\n]*)" _ "${java_settings}")
  set(ASVIT_JAVA_HOME "${CMAKE_MATCH_1}")
endif()
find_path(ASVIT_JNI_INCLUDE jni.h HINTS ${ASVIT_JAVA_HOME}/include NO_DEFAULT_PATH)
find_path(ASVIT_JNI_MD_INCLUDE jni_md.h HINTS ${ASVIT_JAVA_HOME}/include/linux ${ASVIT_JAVA_HOME}/include/darwin
          NO_DEFAULT_PATH)
if(NOT ASVIT_JNI_INCLUDE OR NOT ASVIT_JNI_MD_INCLUDE)
  message(FATAL_ERROR "no JNI headers (jni.h, jni_md.h) under ${ASVIT_JAVA_HOME}/include: a JDK is needed")
endif()
set(ASVIT_JNI_INCLUDE_DIRS ${ASVIT_JNI_INCLUDE} ${ASVIT_JNI_MD_INCLUDE})

# asvit_javacpp_generate(CLASS name LIBRARY lib OUTPUT_VARIABLE var)
function(asvit_javacpp_generate)
  cmake_parse_arguments(ARG "" "CLASS;LIBRARY;OUTPUT_VARIABLE" "" ${ARGN})
  string(REPLACE "." "/" class_path "${ARG_CLASS}")
  set(gen_dir ${CMAKE_CURRENT_BINARY_DIR}/javacpp)
  set(outputs ${gen_dir}/${ARG_LIBRARY}.cpp ${gen_dir}/jnijavacpp.cpp)
  add_custom_command(
    OUTPUT ${outputs}
    COMMAND ${Java_JAVA_EXECUTABLE} -cp "${ASVIT_JAVACPP_JAR}:${ASVIT_CLASSES_DIR}"
            org.bytedeco.javacpp.tools.Builder -nocompile -d ${gen_dir} ${ARG_CLASS}
    DEPENDS ${ASVIT_CLASSES_DIR}/${class_path}.class
    COMMENT "JavaCPP: JNI sources of ${ARG_CLASS}"
    VERBATIM)
  set(${ARG_OUTPUT_VARIABLE} ${outputs} PARENT_SCOPE)
endfunction()

# The platform folder JavaCPP's Loader uses (linux-x86_64 on the machines asvit supports).
if(CMAKE_SYSTEM_PROCESSOR MATCHES "x86_64|AMD64")
  set(ASVIT_JAVACPP_PLATFORM linux-x86_64)
elseif(CMAKE_SYSTEM_PROCESSOR MATCHES "aarch64|arm64")
  set(ASVIT_JAVACPP_PLATFORM linux-arm64)
else()
  set(ASVIT_JAVACPP_PLATFORM linux-${CMAKE_SYSTEM_PROCESSOR})
endif()

# asvit_javacpp_install(target package/path): the library goes to CLASSES/package/path/PLATFORM/.
function(asvit_javacpp_install target package_path)
  set_target_properties(${target} PROPERTIES
    LIBRARY_OUTPUT_DIRECTORY ${ASVIT_CLASSES_DIR}/${package_path}/${ASVIT_JAVACPP_PLATFORM})
endfunction()
