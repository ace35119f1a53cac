package io.flowpilot.stack;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Entry point: the Operaton starters configure the engine, REST API and webapps from application.yml. */
@SpringBootApplication
public class OperatonApplication {
  public static void main(String[] args) {
    SpringApplication.run(OperatonApplication.class, args);
  }
}
