package com.kontrol.database;

import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * A {@code spring.datasource.url} that still names an H2 database (as earlier versions' embedded default did, written
 * out by hand) stops the start before anything touches it, saying what to do: Kontrol's SQL is PostgreSQL's now.
 */
@Component
class H2Refused implements BeanFactoryPostProcessor, EnvironmentAware {

    private String url = "";

    @Override
    public void setEnvironment(Environment environment) {
        this.url = environment.getProperty("spring.datasource.url", "");
    }

    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
        if (url.startsWith("jdbc:h2:")) {
            throw new IllegalStateException("spring.datasource.url names an H2 database, which Kontrol no longer runs"
                    + " on: remove the setting to run on the embedded PostgreSQL (an H2 database in the data dir is"
                    + " copied into it at the first start), or name a PostgreSQL server.");
        }
    }
}
