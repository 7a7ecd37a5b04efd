# Kontrol in a container: see "Running in production" in the README.
#   docker build -t kontrol .
#   docker run -p 8080:8080 --env-file deploy/kontrol.env kontrol
# Build stage: the Maven wrapper builds target/kontrol.jar, then Spring Boot's jar tools split it into layers, so that
# a new build of Kontrol's own classes does not re-ship the unchanged dependencies.
FROM eclipse-temurin:21-jdk AS build
WORKDIR /src
COPY mvnw pom.xml ./
COPY .mvn/ .mvn/
RUN ./mvnw -B -ntp -q dependency:go-offline
COPY src/ src/
RUN ./mvnw -B -ntp -q -DskipTests package \
 && java -Djarmode=tools -jar target/kontrol.jar extract --layers --launcher --destination /layers

# Run stage: a JRE, curl for the health check, libheif for HEIC photos; an unprivileged user owns only the data dir.
FROM eclipse-temurin:21-jre
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl libheif-examples \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --home-dir /var/lib/kontrol --create-home kontrol
WORKDIR /opt/kontrol
COPY --from=build /layers/dependencies/ ./
COPY --from=build /layers/spring-boot-loader/ ./
COPY --from=build /layers/snapshot-dependencies/ ./
COPY --from=build /layers/application/ ./
# The JVM settings every start of Kontrol and its benchmarks share (see the file).
COPY deploy/jvm.options ./
USER kontrol
ENV KONTROL_DATA_DIR=/var/lib/kontrol \
    SERVER_PORT=8080
EXPOSE 8080
HEALTHCHECK --interval=15s --timeout=5s --start-period=90s --retries=3 \
  CMD curl -fsS http://localhost:8080/actuator/health/liveness || exit 1
ENTRYPOINT ["java", "@/opt/kontrol/jvm.options", "org.springframework.boot.loader.launch.JarLauncher"]
